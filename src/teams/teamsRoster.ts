import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Roster } from '../app/ports';
import type { Logger } from '../logging';

/**
 * Live membership through the Teams roster API, asked at the moment of the action. A failure to ask
 * counts as "not a member": access is refused rather than granted on doubt.
 */
export function teamsRoster(context: TurnContext, log: Logger): Roster {
  return {
    async isMember(teamId, aadObjectId) {
      try {
        const member = await TeamsInfo.getTeamMember(context, teamId, aadObjectId);
        return !!member && (member.aadObjectId === undefined || member.aadObjectId === aadObjectId || member.id !== undefined);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status !== 404 && status !== 403) log.warn('roster.unavailable', { status });
        return false;
      }
    },
  };
}
