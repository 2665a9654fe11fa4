import { useEffect } from 'react';
import type { TeamLogStatus } from '../../../src-preload/contract';
import { useAccountsStore } from '../../stores/accounts';
import { useTeamSettingsStore } from '../../stores/teamSettings';
import { ErrorBox } from '../../ui/ErrorBox';
import { SelectField } from '../../ui/Field';
import { Spinner } from '../../ui/Spinner';
import { QueuesEditor } from './QueuesEditor';
import { TeamSettingsForm } from './TeamSettingsForm';

const CONNECTIONS: Record<TeamLogStatus['connections'], string> = {
  two: 'one connection watches the inbox, the other the team log',
  'one-polling': 'the server allows one connection, so the inbox and the team log are polled in turn',
  offline: 'offline: changes are kept here and sent when the account reconnects',
};

function LogStatusLine({ log }: { log: TeamLogStatus }) {
  return (
    <div className="team-log-status" data-testid="team-log-status">
      <p>
        Team log <code>{log.folder}</code>: {CONNECTIONS[log.connections]}.
        {log.pendingEvents > 0 && ` ${log.pendingEvents} change${log.pendingEvents === 1 ? '' : 's'} not in the log yet.`}
      </p>
      {log.notice && <ErrorBox error={{ code: 'unknown', cause: log.notice.cause, fix: log.notice.fix }} />}
    </div>
  );
}

/** The settings window's team section: an account's queues and team settings. */
export function TeamSection() {
  const accounts = useAccountsStore((s) => s.accounts);
  const accountId = useTeamSettingsStore((s) => s.accountId);
  const team = useTeamSettingsStore((s) => s.team);
  const loadError = useTeamSettingsStore((s) => s.loadError);
  const select = useTeamSettingsStore((s) => s.select);
  const account = accounts.find((a) => a.id === accountId);

  useEffect(() => {
    if (!account && accounts[0]) void select(accounts[0].id);
  }, [account, accounts, select]);

  if (accounts.length === 0) return null;
  return (
    <section className="team-section" aria-labelledby="team-title" data-testid="team-settings">
      <div className="settings__section-head">
        <div>
          <h2 className="settings__section-title" id="team-title">
            Team
          </h2>
          <p className="settings__section-text">
            Queues, routing and the rules of work for each account, shared with every agent through the account’s team log. They are working rules, not a
            security boundary: whoever holds the mailbox’s credentials can read the mailbox.
          </p>
        </div>
      </div>
      <SelectField
        label="Account"
        name="team-account"
        testId="team-account"
        value={accountId ?? ''}
        options={accounts.map((a) => ({ value: a.id, label: a.key ? `${a.name} (${a.key})` : a.name }))}
        onValue={(id) => void select(id)}
      />
      {loadError ? (
        <ErrorBox error={loadError} title="The team settings could not be read" testId="team-load-error" />
      ) : !team || !account ? (
        <Spinner label="Reading the team settings" />
      ) : (
        <>
          {!account.shared && <p className="notice">A personal account: only you work it, so routing and queues matter only for your own devices.</p>}
          <LogStatusLine log={team.log} />
          <QueuesEditor team={team} />
          <TeamSettingsForm key={account.id} team={team} standardQueue={account.queue} />
        </>
      )}
    </section>
  );
}
