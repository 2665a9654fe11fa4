import { create } from 'zustand';
import type { Contact, ErrorInfo } from '../../src-preload/contract';
import { bridge, toErrorInfo } from '../lib/bridge';

/** Contacts shown at once: the search narrows a longer list instead of scrolling through it. */
export const CONTACTS_SHOWN = 200;

interface ContactsState {
  /** The search applied (the box debounces into it); kept when the view closes, so coming back shows the same search. */
  text: string;
  /** Null while the view is closed or before the first answer. */
  contacts: Contact[] | null;
  /** More contacts match than are shown. */
  more: boolean;
  error: ErrorInfo | null;
  /** The Contacts view is on screen: ticket changes re-read the list. */
  visible: boolean;
  open(): void;
  close(): void;
  search(text: string): void;
  /** Tickets changed: read the list again if it is on screen, keeping what is shown meanwhile. */
  refresh(): void;
}

let request = 0;

export const useContactsStore = create<ContactsState>()((set, get) => {
  const load = async () => {
    const mine = (request += 1);
    try {
      // One more than shown: it says whether the search should be refined.
      const found = await bridge().listContacts({ text: get().text, limit: CONTACTS_SHOWN + 1 });
      if (mine !== request) return;
      set({ contacts: found.slice(0, CONTACTS_SHOWN), more: found.length > CONTACTS_SHOWN, error: null });
    } catch (err) {
      if (mine === request) set({ error: toErrorInfo(err) });
    }
  };

  return {
    text: '',
    contacts: null,
    more: false,
    error: null,
    visible: false,

    open() {
      set({ visible: true, contacts: null, more: false, error: null });
      void load();
    },

    close() {
      request += 1;
      set({ visible: false, contacts: null, more: false, error: null });
    },

    search(text) {
      if (text === get().text) return;
      set({ text });
      if (get().visible) void load();
    },

    refresh() {
      if (get().visible) void load();
    },
  };
});
