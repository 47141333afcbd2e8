import type { AccessReviewUnit } from '../../app/ports';
import type { Locale } from '../../domain/case';
import { formatCopenhagen } from '../../domain/copenhagenTime';
import { fill } from '../../i18n';
import { reviewTexts } from '../../i18n/reviewTexts';
import { committeeTexts } from '../../i18n/committeeTexts';
import { COMMITTEE_UNIT } from '../../domain/unit';

export function accessReviewView(input: { reviewId: string; units: AccessReviewUnit[]; reminder: boolean; dueSince: string; locale: Locale }) {
  const t = reviewTexts(input.locale);
  // The reserved registrations come by their ids ('central', COMMITTEE_UNIT; src/app/accessReview.ts): named in the card's language.
  const unitLabel = (name: string) => (name === 'central' ? t.central : name === COMMITTEE_UNIT ? committeeTexts(input.locale).reviewLabel : name);
  return {
    t,
    title: input.reminder ? t.reminderTitle : t.title,
    dueSince: input.reminder ? fill(t.dueSince, { since: formatCopenhagen(new Date(input.dueSince), input.locale) }) : '',
    reviewId: input.reviewId,
    units: input.units.map((u) => ({
      heading: fill(t.unit, { unit: unitLabel(u.unitName), team: u.teamName, channel: u.channelName || 'General' }),
      members: u.members.length ? fill(t.members, { count: u.members.length, names: u.members.join(', ') }) : t.noMembers,
    })),
  };
}
