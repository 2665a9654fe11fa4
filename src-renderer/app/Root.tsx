import { useEffect, useSyncExternalStore } from 'react';
import { SettingsApp } from '../settings/SettingsApp';
import { App } from './App';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function isSettingsRoute(hash: string): boolean {
  return hash.startsWith('#/settings');
}

/** The main window, or the settings page at #/settings (its own window in Electron). */
export function Root() {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const settings = isSettingsRoute(hash);
  useEffect(() => {
    document.title = settings ? 'Mailroom Settings' : 'Mailroom';
  }, [settings]);
  return settings ? <SettingsApp /> : <App />;
}
