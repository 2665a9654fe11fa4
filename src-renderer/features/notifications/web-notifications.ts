/**
 * The browser host's desktop notifications: main hands each one to the page
 * (notificationShow) and the page shows it with the Web Notifications API. Electron shows
 * its own and only tells the page what a click opens (notificationOpen).
 */
import type { DesktopNotification } from '../../../src-preload/contract';
import { openTarget } from './open-target';

/** What the browser allows: "unsupported" where it has no Notification at all. */
export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function permissionState(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser (it shows its prompt once; after "Block" only the site settings can allow it). */
export async function askPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export async function showWebNotification(n: DesktopNotification): Promise<void> {
  let permission = permissionState();
  // Never asked: ask now (the browser may want a click first; the account form has a button for that).
  if (permission === 'default') permission = await askPermission().catch(() => 'default' as const);
  if (permission !== 'granted') return;
  // The tag shows it once when several tabs of the host get it.
  const shown = new Notification(n.title, { body: n.body, silent: !n.sound, tag: n.id });
  shown.onclick = () => {
    window.focus();
    openTarget(n.target);
    shown.close();
  };
}
