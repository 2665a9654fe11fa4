import { Notification } from 'electron';
import type { Notifier } from '../services/platform/interfaces';

/**
 * Notifier on Electron Notification. Shown notifications are kept until closed:
 * a notification that is garbage collected disappears from some desktops.
 */
class ElectronNotifier implements Notifier {
  private readonly shown = new Set<Notification>();

  constructor(private readonly onClick?: () => void) {}

  notify(title: string, body: string): void {
    if (!Notification.isSupported()) {
      // Title and body carry senders and subjects: mail content never goes to the log.
      console.log('[notification] not shown: this desktop has no notifications');
      return;
    }
    const notification = new Notification({ title, body, silent: false });
    this.shown.add(notification);
    const forget = () => this.shown.delete(notification);
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      console.warn('[notification] failed:', error);
      forget();
    });
    notification.on('click', () => {
      forget();
      this.onClick?.();
    });
    notification.show();
  }
}

/** onClick typically brings the main window to the front. */
export function createElectronNotifier(onClick?: () => void): Notifier {
  return new ElectronNotifier(onClick);
}
