import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { parseSafeExternalUrl } from '../../../src-preload/safe-external-url';

export function appHandlers(s: Services): Pick<Handlers, 'getStatus' | 'openExternal' | 'openSettingsWindow' | 'restartToUpdate'> {
  return {
    getStatus: async () => s.status(),
    openSettingsWindow: async () => ({ opened: s.platform.windows.openSettings() }),
    restartToUpdate: async () => ({ restarting: s.platform.updates.restartToUpdate() }),
    openExternal: async ({ url }) => {
      const safe = parseSafeExternalUrl(url);
      return { opened: safe ? await s.platform.urlOpener.open(safe) : false };
    },
  };
}
