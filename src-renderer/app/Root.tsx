import { useEffect, useSyncExternalStore } from 'react';
import { SettingsApp } from '../settings/SettingsApp';
import { useNotificationsStore, windowTitle } from '../stores/notifications';
import { isSettingsRoute } from '../stores/workspace';
import { App } from './App';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The main window, or the settings page at #/settings (its own window in Electron). */
export function Root() {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const settings = isSettingsRoute(hash);
  const unread = useNotificationsStore((s) => s.unread);
  useEffect(() => {
    // The main window's title carries the unread count (the taskbar shows it where the icon has no badge).
    document.title = settings ? 'Mailroom Settings' : windowTitle(unread);
  }, [settings, unread]);
  return settings ? <SettingsApp /> : <App />;
}
