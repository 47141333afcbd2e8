/**
 * Who has the app (issue 18): Teams can only carry a bot's message to a person who has it installed, so
 * every personal install is remembered (src/app/peopleDirectory.ts) with what a nearest manager is found by
 * (Entra id; mail and UPN as Teams gives them) and their 1:1 chat; an uninstall forgets the row. An app setup
 * policy that installs Brudvagt for everyone (README) makes Teams send the same install event per person.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { PeopleDirectory } from '../app/peopleDirectory';
import type { Logger } from '../logging';
import { addressOf, isPersonal, localeOf, personOf, tenantOf } from './turnIdentity';

/** The person in this personal chat, remembered with what Teams says of them. Never throws. */
export async function rememberInstall(context: TurnContext, people: PeopleDirectory | undefined, log: Logger): Promise<void> {
  if (!people || !isPersonal(context)) return;
  try {
    const person = personOf(context);
    const member = await TeamsInfo.getMember(context, context.activity.from.id).catch(() => null);
    await people.remember({
      tenantId: tenantOf(context),
      aadObjectId: person.aadObjectId,
      teamsUserId: person.teamsUserId,
      name: member?.name || person.name,
      email: (member?.email ?? '').toLowerCase(),
      userPrincipalName: (member?.userPrincipalName ?? '').toLowerCase(),
      locale: localeOf(context),
      address: addressOf(context),
    });
  } catch (error) {
    log.error('people.remember.failed', error);
  }
}

/** Teams' installationUpdate: an uninstall in a personal scope forgets the person (they cannot be messaged). */
export function registerPeopleHandlers(app: Application<TurnState>, people: PeopleDirectory | undefined, log: Logger): void {
  app.activity('installationUpdate', async (context) => {
    const action = String((context.activity as { action?: unknown }).action ?? '');
    if (!people || !isPersonal(context)) return;
    if (action === 'remove' || action === 'remove-upgrade') {
      await people.forget(tenantOf(context), personOf(context).aadObjectId).catch((error) => log.error('people.forget.failed', error));
    } else if (action === 'add' || action === 'add-upgrade') {
      await rememberInstall(context, people, log);
    }
  });
}
