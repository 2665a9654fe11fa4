import type { Handlers } from '../dispatch';
import type { Services } from '../../services';

export function notificationHandlers(s: Services): Pick<Handlers, 'getUnreadCount'> {
  return { getUnreadCount: async () => ({ count: s.notifications.unreadCount() }) };
}
