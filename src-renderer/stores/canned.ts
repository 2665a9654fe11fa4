import { create } from 'zustand';
import type { CannedAnswerInput, CannedAnswerView, ErrorInfo } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

interface CannedState {
  /** Every answer of every account: the settings list, and the shortcut check while editing. */
  all: CannedAnswerView[];
  /** The search over that list (main filters title, shortcut and body). */
  text: string;
  /** The answers matching `text` (all of them when it is empty). */
  found: CannedAnswerView[];
  loaded: boolean;
  loadError: ErrorInfo | null;
  load(): Promise<void>;
  /** The settled search text (SearchField's onSettle). */
  search(text: string): Promise<void>;
  /** Each returns the refusal in words, or null when done. */
  save(answer: CannedAnswerInput): Promise<ErrorInfo | null>;
  remove(id: string): Promise<ErrorInfo | null>;
}

export const useCannedStore = create<CannedState>()((set, get) => {
  /** The newest call wins: a slow answer to an older search must not replace a newer one. */
  let latest = 0;
  const read = async () => {
    const call = ++latest;
    const { text } = get();
    try {
      const [all, found] = await Promise.all([bridge().listCanned({ all: true }), text ? bridge().listCanned({ all: true, text }) : null]);
      if (call === latest) set({ all, found: found ?? all, loaded: true, loadError: null });
    } catch (err) {
      if (call === latest) set({ loaded: true, loadError: toErrorInfo(err) });
    }
  };
  return {
    all: [],
    text: '',
    found: [],
    loaded: false,
    loadError: null,
    load: read,
    async search(text) {
      if (text === get().text) return;
      set({ text });
      await read();
    },
    async save(answer) {
      try {
        await bridge().saveCanned({ answer });
        await read();
        return null;
      } catch (err) {
        return toErrorInfo(err);
      }
    },
    async remove(id) {
      try {
        await bridge().deleteCanned({ id });
        await read();
        return null;
      } catch (err) {
        return toErrorInfo(err);
      }
    },
  };
});
