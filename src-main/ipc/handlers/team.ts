import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

type TeamChannel = 'getMe' | 'saveProfile' | 'setMyStatus' | 'getTeam' | 'saveTeamSettings' | 'saveQueue' | 'deleteQueue';

export function teamHandlers(s: Services): Pick<Handlers, TeamChannel> {
  return {
    getMe: async () => s.team.me(),
    saveProfile: async (profile) => s.team.saveProfile(profile),
    setMyStatus: async ({ status }) => s.team.setStatus(status),
    getTeam: async ({ accountId }) => s.teamAdmin.getTeam(accountId),
    saveTeamSettings: async ({ accountId, settings }) => s.teamAdmin.saveTeamSettings(accountId, settings),
    saveQueue: async ({ accountId, queue }) => s.teamAdmin.saveQueue(accountId, queue),
    deleteQueue: async ({ accountId, name }) => s.teamAdmin.deleteQueue(accountId, name),
  };
}
