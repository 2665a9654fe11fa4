import { useEffect, useState } from 'react';
import { TicketActionSchema, type ErrorInfo } from '../../../src-preload/contract';
import { toErrorInfo } from '../../lib/bridge';
import { formatCount } from '../../lib/format';
import { useAccountsStore } from '../../stores/accounts';
import { useTeamStore } from '../../stores/team';
import { findTicketByNumber, parseTicketNumber, useTicketsStore } from '../../stores/tickets';
import { useWorkspaceStore } from '../../stores/workspace';
import { ErrorBox } from '../../ui/ErrorBox';
import { SelectField, TextAreaField, TextField } from '../../ui/Field';
import { Spinner } from '../../ui/Spinner';
import { queueQuery, queueWords, ticketLabel } from '../queues/views';

const STATUS_LABEL = { online: 'Online', paused: 'Paused', offline: 'Offline' } as const;

/** A supervisor may note on any ticket: by account and number, without opening it. */
function AddNote() {
  const accounts = useAccountsStore((s) => s.accounts);
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? '');
  const [number, setNumber] = useState('');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<{ number?: string; text?: string }>({});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const n = parseTicketNumber(number);
    const note = TicketActionSchema.safeParse({ type: 'note', text });
    const next = { number: n === null ? 'Enter the ticket number, for example 1042.' : undefined, text: note.success ? undefined : note.error.issues[0]?.message };
    setProblems(next);
    setDone(null);
    if (n === null || !note.success) return;
    setBusy(true);
    setError(null);
    try {
      const ticket = await findTicketByNumber(accountId, n);
      if (!ticket) {
        setProblems({ number: `There is no ticket #${n} in this account. Check the number in the list.` });
        return;
      }
      if (await useTicketsStore.getState().act({ accountId, ticket: ticket.key }, note.data)) {
        setText('');
        setDone(`Note added to ${ticketLabel(ticket)}.`);
      }
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="supervisor-note"
      aria-labelledby="supervisor-note-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void submit();
      }}
    >
      <h2 id="supervisor-note-title" className="supervisor__title">
        Add a note to a ticket
      </h2>
      <div className="supervisor-note__row">
        {accounts.length > 1 && (
          <SelectField label="Account" name="note-account" value={accountId} options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.key})` }))} onValue={setAccountId} />
        )}
        <TextField label="Ticket number" name="note-number" data-testid="supervisor-note-number" inputMode="numeric" value={number} error={problems.number} onValue={setNumber} />
      </div>
      <TextAreaField label="Internal note" name="note-text" data-testid="supervisor-note-text" rows={3} value={text} error={problems.text} hint="Only the team sees it; the agent on the ticket sees it inline." onValue={setText} />
      {error && <ErrorBox title="The note was not added" error={error} />}
      <div className="supervisor-note__actions">
        <button type="submit" className="button button--secondary button--small" data-testid="supervisor-note-submit" disabled={busy}>
          {busy && <Spinner size={12} />}
          {busy ? 'Adding…' : 'Add note'}
        </button>
        {done && (
          <span className="supervisor-note__done" role="status" data-testid="supervisor-note-done">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}

/** Per account and queue: open, unassigned and waiting; per agent: status and load. Follows the log live. */
export function SupervisorView() {
  const stats = useTeamStore((s) => s.stats);
  const accounts = useAccountsStore((s) => s.accounts);
  const accountName = (id: string, key: string) => key || accounts.find((a) => a.id === id)?.name || 'Account';
  const error = useTeamStore((s) => s.statsError);

  useEffect(() => {
    void useTeamStore.getState().loadStats();
    return () => useTeamStore.getState().dropStats();
  }, []);

  const openQueue = (accountId: string, queue: string) => {
    useTicketsStore.getState().show(queueQuery(accountId, queue));
    useWorkspaceStore.getState().show('tickets');
  };

  return (
    <section className="supervisor" aria-label="Supervisor view" data-testid="supervisor-view">
      <header className="supervisor__header">
        <h1 className="list-header__title">Supervisor</h1>
        <p className="list-header__meta">Counts follow the team log as it changes.</p>
      </header>
      {error && !stats && <ErrorBox title="The counts could not be loaded" error={error} />}
      {!stats && !error && (
        <div className="mv-loading">
          <Spinner /> Counting tickets…
        </div>
      )}
      {stats && (
        <>
          <section aria-labelledby="sv-queues">
            <h2 id="sv-queues" className="supervisor__title">
              Queues
            </h2>
            {stats.queues.length === 0 ? (
              <p className="supervisor__empty">No queues yet. New mail to a shared account fills its standard queue.</p>
            ) : (
              <table className="supervisor__table" data-testid="supervisor-queues">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Queue</th>
                    <th scope="col" className="num">Open</th>
                    <th scope="col" className="num">Unassigned</th>
                    <th scope="col" className="num">Waiting</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.queues.map((q) => (
                    <tr key={`${q.accountId}|${q.queue}`} data-testid="supervisor-queue-row" data-queue={q.queue}>
                      <td>{accountName(q.accountId, q.accountKey)}</td>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => openQueue(q.accountId, q.queue)}
                          aria-label={`Open ${queueWords(q.queue)} of ${accountName(q.accountId, q.accountKey)}`}
                        >
                          {queueWords(q.queue)}
                        </button>
                      </td>
                      <td className="num" data-col="open">{formatCount(q.open)}</td>
                      <td className={`num${q.unassigned ? ' num--attention' : ''}`} data-col="unassigned">
                        {formatCount(q.unassigned)}
                      </td>
                      <td className="num" data-col="waiting" title="Offered to an agent, not accepted yet">
                        {formatCount(q.waiting)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="sv-agents">
            <h2 id="sv-agents" className="supervisor__title">
              Agents
            </h2>
            {stats.agents.length === 0 ? (
              <p className="supervisor__empty">No agents yet. Each installation joins the team when its agent saves a profile.</p>
            ) : (
              <table className="supervisor__table" data-testid="supervisor-agents">
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">Open</th>
                    <th scope="col" className="num">Pending</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.agents.map((a) => (
                    <tr key={a.agent.id} data-testid="supervisor-agent-row" data-agent={a.agent.name}>
                      <td className="supervisor__name" title={a.agent.name}>
                        {a.agent.name}
                      </td>
                      <td>
                        <span className={`agent-status agent-status--${a.status}`}>
                          <span className="status-dot" aria-hidden="true" />
                          {STATUS_LABEL[a.status]}
                        </span>
                      </td>
                      <td className="num" data-col="open">{formatCount(a.open)}</td>
                      <td className="num" data-col="pending">{formatCount(a.pending)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <AddNote />
    </section>
  );
}
