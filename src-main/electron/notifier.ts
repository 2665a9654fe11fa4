import { app, Notification } from 'electron';
import type { DesktopNotification, NotificationTarget } from '../../src-preload/contract';
import type { Badge, Notifier } from '../services/platform/interfaces';

/**
 * Notifier on Electron Notification. Shown notifications are kept until closed:
 * a notification that is garbage collected disappears from some desktops.
 */
class ElectronNotifier implements Notifier {
  private readonly shown = new Set<Notification>();

  constructor(private readonly onClick: (target: NotificationTarget) => void) {}

  notify({ title, body, sound, target }: DesktopNotification): void {
    if (!Notification.isSupported()) {
      // Title and body carry senders and subjects: mail content never goes to the log.
      console.log('[notification] not shown: this desktop has no notifications');
      return;
    }
    // silent: false plays the desktop's own notification sound.
    const notification = new Notification({ title, body, silent: !sound });
    this.shown.add(notification);
    const forget = () => this.shown.delete(notification);
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      console.warn('[notification] failed:', error);
      forget();
    });
    notification.on('click', () => {
      forget();
      this.onClick(target);
    });
    notification.show();
  }
}

/** onClick brings the main window to the front and has it open the target. */
export function createElectronNotifier(onClick: (target: NotificationTarget) => void): Notifier {
  return new ElectronNotifier(onClick);
}

/** The count on the app icon: the Dock (macOS), the Unity launcher (Linux); Windows has no app badge count. */
export function createElectronBadge(): Badge {
  return {
    setCount(count) {
      if (!app.setBadgeCount(count)) console.log('[badge] this desktop shows no count on the app icon');
    },
  };
}
