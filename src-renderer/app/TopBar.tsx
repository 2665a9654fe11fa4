import { OutboxBadge } from '../features/outbox/OutboxBadge';
import { StatusSwitch } from '../features/team/StatusSwitch';
import { useComposeStore } from '../stores/compose';
import { useTeamStore } from '../stores/team';
import { PencilIcon } from '../ui/icons';
import { useWorkspaceStore, type Workspace } from '../stores/workspace';

const TABS: { value: Workspace; label: string }[] = [
  { value: 'tickets', label: 'Tickets' },
  { value: 'interactions', label: 'Interactions' },
  { value: 'mail', label: 'Mail' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'reports', label: 'Reports' },
  { value: 'contacts', label: 'Contacts' },
  { value: 'outbox', label: 'Outbox' },
];

/** The workspaces (Outbox with the count of mail that needs the agent); the agent's status, profile and the shortcuts help (which names the command palette's key). */
export function TopBar({ workspace }: { workspace: Workspace }) {
  const name = useTeamStore((s) => s.me?.profile?.name ?? null);
  return (
    <header className="topbar" data-testid="top-bar">
      <nav className="topbar__tabs" aria-label="Workspace">
        {TABS.map((tab) => (
          <button
            key={tab.value}
            type="button"
            className={`topbar__tab${workspace === tab.value ? ' topbar__tab--active' : ''}`}
            aria-current={workspace === tab.value ? 'page' : undefined}
            data-testid={`workspace-${tab.value}`}
            onClick={() => useWorkspaceStore.getState().show(tab.value)}
          >
            {tab.label}
            {tab.value === 'outbox' && <OutboxBadge />}
          </button>
        ))}
      </nav>
      <div className="topbar__end">
        <button type="button" className="button button--small button--primary topbar__new-mail" data-testid="new-mail" title="New mail" onClick={() => void useComposeStore.getState().start({ kind: 'new' })}>
          <PencilIcon size={13} />
          <span className="topbar__new-mail-label">New mail</span>
        </button>
        <StatusSwitch />
        {name && (
          <button type="button" className="topbar__me" data-testid="profile-button" title="Edit your profile" aria-label={`Your profile: ${name}`} onClick={() => useTeamStore.getState().setProfileOpen(true)}>
            {name}
          </button>
        )}
        <button type="button" className="icon-button topbar__help" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" title="Keyboard shortcuts (?)" onClick={() => useWorkspaceStore.getState().setHelpOpen(true)}>
          ?
        </button>
      </div>
    </header>
  );
}
