import { useState } from 'react';
import type { TicketDetail } from '../../../src-preload/contract';
import { agentsOf, useTeamStore } from '../../stores/team';
import { useTicketsStore } from '../../stores/tickets';
import { RadioGroupField, SelectField } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';
import { refOf } from './useTicketContext';

const STATUS_WORD = { online: 'online', paused: 'paused', offline: 'offline' } as const;

function TransferForm({ detail, onClose }: { detail: TicketDetail; onClose(): void }) {
  const team = useTeamStore((s) => s.teams[detail.accountId]);
  const myId = useTeamStore((s) => s.me?.agentId);
  const agents = agentsOf(useTeamStore.getState().teams, detail.accountId).filter((a) => a.id !== myId);
  const queues = (team?.queues.map((q) => q.name) ?? [detail.queue]).filter((q) => q !== detail.queue || Boolean(detail.assignee));
  const [kind, setKind] = useState<'agent' | 'queue'>(agents.length ? 'agent' : 'queue');
  const [agent, setAgent] = useState(agents.find((a) => a.status === 'online')?.id ?? agents[0]?.id ?? '');
  const [queue, setQueue] = useState(queues[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const offerSec = team?.settings.offerAgentSec;

  const submit = async () => {
    if (kind === 'agent' && !agent) return setProblem('Choose the agent to hand this ticket to.');
    if (kind === 'queue' && !queue) return setProblem('Choose the queue to move this ticket to.');
    setBusy(true);
    const to = kind === 'agent' ? ({ kind: 'agent', agent } as const) : ({ kind: 'queue', queue } as const);
    const ok = await useTicketsStore.getState().act(refOf(detail), { type: 'transfer', to });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <ActionDialog
      open
      title={`Transfer #${detail.number}`}
      subtitle={offerSec ? `The other agent has ${offerSec} s to accept; if nobody does, it comes back to you marked unread.` : 'If nobody accepts it in time, it comes back to you marked unread.'}
      testId="transfer-dialog"
      submitLabel="Transfer"
      busyLabel="Transferring…"
      busy={busy}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <RadioGroupField
        name="transfer-kind"
        label="Hand it to"
        layout="inline"
        value={kind}
        options={[
          { value: 'agent', label: 'An agent' },
          { value: 'queue', label: 'A queue' },
        ]}
        onValue={(v) => {
          setKind(v);
          setProblem(undefined);
        }}
      />
      {kind === 'agent' ? (
        agents.length ? (
          <SelectField
            label="Agent"
            name="agent"
            testId="transfer-agent"
            value={agent}
            error={problem}
            options={agents.map((a) => ({ value: a.id, label: `${a.name} (${STATUS_WORD[a.status]})` }))}
            onValue={setAgent}
          />
        ) : (
          <p className="field__hint">No other agent works this account yet. An admin adds members in Settings → Team.</p>
        )
      ) : queues.length ? (
        <SelectField label="Queue" name="queue" testId="transfer-queue" value={queue} error={problem} options={queues.map((q) => ({ value: q, label: q }))} onValue={setQueue} />
      ) : (
        <p className="field__hint">This account has no other queue. An admin adds queues in Settings → Team.</p>
      )}
    </ActionDialog>
  );
}

/** Transfer to another agent or queue (Shift+T). */
export function TransferDialog({ detail }: { detail: TicketDetail }) {
  const open = useTicketsStore((s) => s.panel === 'transfer');
  const close = () => useTicketsStore.getState().setPanel(null);
  return open ? <TransferForm key={detail.key} detail={detail} onClose={close} /> : null;
}
