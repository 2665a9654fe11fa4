import { create } from 'zustand';
import { bridge } from '../lib/bridge';

/** The unread tickets this agent works: the window title shows it (main puts it on the app icon). */
interface NotificationsState {
  unread: number;
  load(): Promise<void>;
  setUnread(count: number): void;
}

export const useNotificationsStore = create<NotificationsState>()((set) => ({
  unread: 0,
  async load() {
    try {
      set({ unread: (await bridge().getUnreadCount({})).count });
    } catch {
      // The title goes without a count until unreadCountChanged brings one.
    }
  },
  setUnread(count) {
    set({ unread: count });
  },
}));

/** "(3) Mailroom", or "Mailroom" with nothing unread; with a place (the Mail folder shown), "(12) Inbox — Mailroom". */
export function windowTitle(unread: number, place?: string): string {
  const name = place ? `${place} — Mailroom` : 'Mailroom';
  return unread > 0 ? `(${unread}) ${name}` : name;
}
