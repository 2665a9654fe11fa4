import { bridge, toErrorInfo } from '../lib/bridge';
import { refreshCounts } from './flags';
import { useMessagesStore } from './messages';
import { indexOfRow, rowAt, successorIndex } from './paged-list';
import { useReaderStore } from './reader';
import { useToastsStore } from './toasts';

export type MoveTarget = 'archive' | 'trash';

const FOLDER_NAME: Record<MoveTarget, string> = { archive: 'Archive', trash: 'Trash' };

/** The message on its way out: a second e or # before the answer must not move it twice. */
let moving: string | null = null;

/**
 * Archive (e) or delete (#) the open message, Gmail's way: it leaves the list and the
 * next message opens (the previous one at the end of the list). The cache changes at
 * once; the server follows through the sync (moveMessage).
 */
export async function moveOpenMessage(to: MoveTarget): Promise<void> {
  const { detail } = useReaderStore.getState();
  if (!detail || moving === detail.id) return;
  moving = detail.id;
  const list = useMessagesStore.getState();
  const at = indexOfRow(list, detail.id);
  const nextIndex = successorIndex(at, list.total ?? 0);
  const next = nextIndex >= 0 ? rowAt(list, nextIndex) : undefined;
  try {
    const { moved } = await bridge().moveMessage({ messageId: detail.id, to });
    if (!moved) {
      useToastsStore.getState().push({ kind: 'info', title: `This message is already in ${FOLDER_NAME[to]}` });
      return;
    }
  } catch (err) {
    useToastsStore.getState().push({ kind: 'error', title: `The message could not be moved to ${FOLDER_NAME[to]}`, error: toErrorInfo(err) });
    return;
  } finally {
    moving = null;
  }
  // Only when the agent has not opened another message meanwhile.
  if (useReaderStore.getState().openId === detail.id) {
    if (next) {
      useMessagesStore.getState().setCursor(nextIndex);
      useReaderStore.getState().open(next.id);
    } else useReaderStore.getState().close();
  }
  useMessagesStore.getState().refresh();
  refreshCounts(detail.mailboxId);
}
