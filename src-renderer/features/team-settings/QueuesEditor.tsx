import { useState } from 'react';
import type { ErrorInfo, Queue, TeamView } from '../../../src-preload/contract';
import { QueueNameSchema } from '../../../src-preload/contract';
import { useTeamSettingsStore } from '../../stores/teamSettings';
import { ErrorBox } from '../../ui/ErrorBox';
import { TextField } from '../../ui/Field';
import { AgentChecks } from './AgentChecks';

function QueueRow({ queue, team }: { queue: Queue; team: TeamView }) {
  const saveQueue = useTeamSettingsStore((s) => s.saveQueue);
  const deleteQueue = useTeamSettingsStore((s) => s.deleteQueue);
  const [members, setMembers] = useState(queue.members);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const changed = members.join() !== queue.members.join();
  const run = async (action: () => Promise<ErrorInfo | null>) => {
    setBusy(true);
    setError(await action());
    setBusy(false);
  };
  return (
    <li className="team-queue" data-testid="team-queue" data-queue={queue.name}>
      <div className="team-queue__head">
        <h4 className="team-queue__name">{queue.name}</h4>
        <div className="row-actions">
          <button type="button" className="button button--secondary button--small" disabled={!changed || busy} onClick={() => void run(() => saveQueue({ name: queue.name, members }))}>
            Save members of {queue.name}
          </button>
          <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => void run(() => deleteQueue(queue.name))}>
            Delete queue {queue.name}
          </button>
        </div>
      </div>
      <AgentChecks legend={`Members of ${queue.name}`} name={`queue-${queue.name}`} agents={team.agents} selected={members} disabled={busy} onChange={setMembers} />
      {error && <ErrorBox error={error} testId="queue-error" />}
    </li>
  );
}

/** The account's queues with their member agents: routing offers new tickets to online members in turn. */
export function QueuesEditor({ team }: { team: TeamView }) {
  const saveQueue = useTeamSettingsStore((s) => s.saveQueue);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<ErrorInfo | null>(null);
  const add = async () => {
    const parsed = QueueNameSchema.safeParse(name);
    if (!parsed.success) return setNameError(parsed.error.issues[0]?.message);
    if (team.queues.some((q) => q.name === parsed.data)) return setNameError(`There already is a queue "${parsed.data}": pick another name.`);
    setNameError(undefined);
    const refused = await saveQueue({ name: parsed.data, members: [] });
    setError(refused);
    if (!refused) setName('');
  };
  return (
    <section className="form-section" aria-labelledby="team-queues-title" data-testid="team-queues">
      <header className="form-section__header">
        <div>
          <h3 className="form-section__title" id="team-queues-title">
            Queues
          </h3>
          <p className="form-section__description">New tickets are offered to the online members of their queue in turn. Queues are named team-wide, so a ticket can be transferred to another account’s queue.</p>
        </div>
      </header>
      {team.queues.length === 0 ? <p className="muted">No queues yet.</p> : (
        <ul className="team-queues">
          {team.queues.map((q) => (
            <QueueRow key={`${q.name}:${q.members.join()}`} queue={q} team={team} />
          ))}
        </ul>
      )}
      <form
        className="team-queues__add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextField name="new-queue" label="New queue" placeholder="Support" value={name} error={nameError} onValue={setName} />
        <button type="submit" className="button button--secondary">
          Add queue
        </button>
      </form>
      {error && <ErrorBox error={error} testId="queue-error" />}
    </section>
  );
}
