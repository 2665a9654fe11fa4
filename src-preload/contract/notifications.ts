/**
 * Desktop notifications about new tickets and the unread count (the app icon's badge,
 * the window title). Electron shows notifications itself and tells the page only which
 * ticket a click should open; the browser host hands each one to the page, which shows
 * it with the Web Notifications API.
 */
import { EmptyRequest } from './shared';

/** What a click on a notification opens: the ticket, or the queue a grouped burst arrived in. */
export type NotificationTarget = { kind: 'ticket'; accountId: string; ticket: string } | { kind: 'queue'; accountId: string; queue: string };

export interface DesktopNotification {
  /** Unique per notification; the page's tag, so several tabs of the host show it once. */
  id: string;
  title: string;
  body: string;
  /** The account asks for the desktop's notification sound. */
  sound: boolean;
  target: NotificationTarget;
}

export const notificationChannels = {
  /** Unread tickets this agent works (theirs, offered to them, or waiting unassigned in their queues). */
  getUnreadCount: { request: EmptyRequest, response: {} as { count: number } },
} as const;

export const notificationEvents = {
  unreadCountChanged: {} as { count: number },
  /** Browser host only: show this notification (Electron shows its own). */
  notificationShow: {} as DesktopNotification,
  /** Electron only: the agent clicked a notification; open what it names. */
  notificationOpen: {} as NotificationTarget,
} as const;
