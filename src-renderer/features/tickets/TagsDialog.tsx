import { useState } from 'react';
import { TicketActionSchema, type TicketDetail } from '../../../src-preload/contract';
import { useTicketsStore } from '../../stores/tickets';
import { CrossIcon } from '../../ui/icons';
import { ActionDialog } from './ActionDialog';
import { refOf } from './useTicketContext';

/** The contract's own words for a bad tag list (empty, too long), or null. */
function tagsProblem(add: string[], remove: string[]): string | null {
  const parsed = TicketActionSchema.safeParse({ type: 'tags', add, remove });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'These tags cannot be saved.');
}

function TagsForm({ detail, onClose }: { detail: TicketDetail; onClose(): void }) {
  const [tags, setTags] = useState(detail.tags);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addTyped = (): string[] => {
    const tag = typed.trim();
    if (!tag) return tags;
    const problemNow = tagsProblem([tag], []);
    if (problemNow) {
      setProblem(problemNow);
      return tags;
    }
    const next = tags.includes(tag) ? tags : [...tags, tag];
    setTags(next);
    setTyped('');
    setProblem(null);
    return next;
  };

  const submit = async () => {
    const final = addTyped();
    if (typed.trim() && final === tags && problem) return;
    const add = final.filter((t) => !detail.tags.includes(t));
    const remove = detail.tags.filter((t) => !final.includes(t));
    if (!add.length && !remove.length) return onClose();
    const bad = tagsProblem(add, remove);
    if (bad) return setProblem(bad);
    setBusy(true);
    const ok = await useTicketsStore.getState().act(refOf(detail), { type: 'tags', add, remove });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <ActionDialog open title={`Tags of #${detail.number}`} testId="tags-dialog" submitLabel="Save tags" busyLabel="Saving…" busy={busy} onSubmit={() => void submit()} onClose={onClose}>
      <ul className="tag-list" aria-label="Tags">
        {tags.length === 0 && <li className="field__hint">No tags yet.</li>}
        {tags.map((tag) => (
          <li key={tag} className="tag-chip">
            <span className="tag-chip__text">{tag}</span>
            <button type="button" className="tag-chip__remove" aria-label={`Remove tag ${tag}`} onClick={() => setTags(tags.filter((t) => t !== tag))}>
              <CrossIcon size={10} />
            </button>
          </li>
        ))}
      </ul>
      <div className={`field${problem ? ' field--invalid' : ''}`}>
        <label className="field__label" htmlFor="tag-input">
          Add a tag
        </label>
        <input
          id="tag-input"
          className="input"
          data-testid="tag-input"
          value={typed}
          autoFocus
          placeholder="e.g. refund, vip"
          aria-invalid={problem ? true : undefined}
          aria-describedby="tag-input-message"
          onChange={(e) => {
            setTyped(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            // Enter adds the tag; the form submits only from the button (or Enter on an empty box).
            if (e.key === 'Enter' && typed.trim()) {
              e.preventDefault();
              addTyped();
            }
          }}
        />
        {problem ? (
          <p className="field__error" id="tag-input-message" role="alert">
            {problem}
          </p>
        ) : (
          <p className="field__hint" id="tag-input-message">
            Press Enter to add it; Save tags sends the changes.
          </p>
        )}
      </div>
    </ActionDialog>
  );
}

/** The tags editor (L). */
export function TagsDialog({ detail }: { detail: TicketDetail }) {
  const open = useTicketsStore((s) => s.panel === 'tags');
  const close = () => useTicketsStore.getState().setPanel(null);
  return open ? <TagsForm key={detail.key} detail={detail} onClose={close} /> : null;
}
