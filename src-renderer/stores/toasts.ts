import { create } from 'zustand';
import type { ErrorInfo } from '../../src-preload/contract';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  title: string;
  /** Plain text under the title (success and info). */
  text?: string;
  /** Cause and fix (errors). */
  error?: ErrorInfo;
  testId?: string;
  /** Extra data-* attributes for tests, e.g. { 'account-id': 'a1', ok: 'true' }. */
  data?: Record<string, string>;
}

interface ToastsState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>, options?: { timeoutMs?: number }): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Successes fade on their own; errors stay until read and closed. */
const DEFAULT_TIMEOUT: Record<Toast['kind'], number | null> = { success: 8000, info: 6000, error: null };

export const useToastsStore = create<ToastsState>()((set, get) => ({
  toasts: [],
  push(toast, options) {
    const id = nextId++;
    // At most five on screen: the oldest goes first.
    set({ toasts: [...get().toasts, { ...toast, id }].slice(-5) });
    const timeout = options?.timeoutMs ?? DEFAULT_TIMEOUT[toast.kind];
    if (timeout !== null) setTimeout(() => get().dismiss(id), timeout);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));
