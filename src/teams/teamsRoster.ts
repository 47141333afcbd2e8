import { TeamsInfo, type TurnContext } from 'botbuilder';
import { RosterUnavailableError, type Roster } from '../app/ports';
import type { Person } from '../domain/case';
import type { Logger } from '../logging';

/**
 * Live membership through the Teams roster API, asked at the moment of the action. Looked up by the
 * Teams user id (what the API documents) and, failing that, by the AAD object id (which Teams also
 * accepts); the member found must carry the same AAD object id. Failing to ask throws
 * RosterUnavailableError: access is refused rather than granted on doubt, and the person is told why.
 */
export function teamsRoster(context: TurnContext, log: Logger): Roster {
  const lookup = async (teamId: string, id: string): Promise<string | null | 'error'> => {
    try {
      const member = await TeamsInfo.getTeamMember(context, teamId, id);
      return member?.aadObjectId ?? null;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 403) return null;
      log.warn('roster.unavailable', { status });
      return 'error';
    }
  };
  return {
    async isMember(teamId: string, person: Person) {
      for (const id of new Set([person.teamsUserId, person.aadObjectId])) {
        if (!id) continue;
        const found = await lookup(teamId, id);
        if (found === 'error') throw new RosterUnavailableError();
        if (found === person.aadObjectId) return true;
      }
      return false;
    },
  };
}
