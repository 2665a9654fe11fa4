import type { ComposeView } from '../../../src-preload/contract';
import { useComposeStore } from '../../stores/compose';

function timeOf(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Where the draft is safe: on this computer, and in the server's Drafts folder once it got there. */
export function SaveIndicator({ view }: { view: ComposeView }) {
  const saveState = useComposeStore((s) => s.saveState);
  const savedAt = useComposeStore((s) => s.savedAt);
  const onServer = view.serverSavedAt !== null && savedAt !== null && view.serverSavedAt >= savedAt;
  let text: string;
  if (saveState === 'pending' || saveState === 'saving') text = 'Saving…';
  else if (saveState === 'failed') text = 'Not saved: see the message below';
  else if (onServer) text = `Saved to Drafts on the server at ${timeOf(view.serverSavedAt ?? 0)}`;
  else if (saveState === 'saved' && savedAt !== null) text = `Saved on this computer at ${timeOf(savedAt)}`;
  else text = 'Draft: saved as you type';
  return (
    <p className={`dialog__subtitle compose__saved compose__saved--${saveState}`} role="status" data-testid="compose-saved" data-state={onServer ? 'server' : saveState}>
      {text}
    </p>
  );
}
