import { useState } from 'react';
import type { TicketActivityView, TicketDetail, TicketMessageView, TicketNoteView } from '../../../src-preload/contract';
import { formatFullDate, isoDate } from '../../lib/format';
import { useTicketsStore } from '../../stores/tickets';
import { LockIcon } from '../../ui/icons';
import { activityLine } from './activity';
import { TicketMessage } from './TicketMessage';
import { TicketNumberDialog } from './TicketNumberDialog';
import { refOf } from './useTicketContext';

type Entry =
  | { kind: 'message'; at: number; message: TicketMessageView }
  | { kind: 'note'; at: number; note: TicketNoteView }
  | { kind: 'activity'; at: number; activity: TicketActivityView; index: number };

/** Messages, notes and activity in the order they happened. */
function entriesOf(detail: TicketDetail): Entry[] {
  const entries: Entry[] = [
    ...detail.messages.map((message): Entry => ({ kind: 'message', at: message.date, message })),
    ...detail.notes.map((note): Entry => ({ kind: 'note', at: note.at, note })),
    ...detail.activity.map((activity, index): Entry => ({ kind: 'activity', at: activity.at, activity, index })),
  ];
  // Stable: equal times keep messages before notes before activity.
  return entries.sort((a, b) => a.at - b.at);
}

function Note({ note }: { note: TicketNoteView }) {
  return (
    <article className={`ticket-note${note.pending ? ' ticket-note--pending' : ''}`} data-testid="ticket-note" data-pending={note.pending ? 'true' : 'false'} aria-label={`Internal note by ${note.author.name}`}>
      <header className="ticket-note__head">
        <span className="ticket-note__badge">
          <LockIcon size={12} /> Internal note
        </span>
        <span className="ticket-note__author">{note.author.name}</span>
        <time className="ticket-note__date" dateTime={isoDate(note.at)}>
          {formatFullDate(note.at)}
        </time>
        {note.pending && <span className="pending-badge">Pending</span>}
      </header>
      <p className="ticket-note__text">{note.text}</p>
    </article>
  );
}

/** The ticket's conversation with its internal notes inline and what people did in between. */
export function Timeline({ detail }: { detail: TicketDetail }) {
  const lastMessage = detail.messages[detail.messages.length - 1]?.key ?? null;
  // The newest message is open; the agent opens older ones as needed.
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [moving, setMoving] = useState<TicketMessageView | null>(null);
  const act = useTicketsStore((s) => s.act);
  const isOpen = (key: string) => open[key] ?? key === lastMessage;

  return (
    <div className="timeline" data-testid="ticket-timeline">
      {entriesOf(detail).map((entry) => {
        if (entry.kind === 'message') {
          const m = entry.message;
          return (
            <TicketMessage
              key={`m:${m.key}`}
              message={m}
              expanded={isOpen(m.key)}
              canSplit={detail.messages.length > 1}
              onToggle={() => setOpen({ ...open, [m.key]: !isOpen(m.key) })}
              onMove={() => setMoving(m)}
              onSplit={() => void act(refOf(detail), { type: 'splitMessage', message: m.key })}
            />
          );
        }
        if (entry.kind === 'note') return <Note key={`n:${entry.note.id}`} note={entry.note} />;
        return (
          <p key={`a:${entry.index}`} className="timeline__activity" data-testid="ticket-activity">
            <span>{activityLine(entry.activity)}</span>
            <time dateTime={isoDate(entry.at)}>{formatFullDate(entry.at)}</time>
          </p>
        );
      })}
      {moving && (
        <TicketNumberDialog
          detail={detail}
          title="Move this message to another ticket"
          subtitle={`The message from ${moving.from?.name || moving.from?.address || 'the sender'} leaves #${detail.number}.`}
          testId="move-dialog"
          submitLabel="Move message"
          busyLabel="Moving…"
          onTarget={(target) => act(refOf(detail), { type: 'moveMessage', message: moving.key, to: target.key })}
          onClose={() => setMoving(null)}
        />
      )}
    </div>
  );
}
