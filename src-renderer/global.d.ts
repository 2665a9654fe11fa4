import type { MailroomBridge } from '../src-preload/contract';

declare global {
  interface Window {
    /** Defined by the Electron preload or by the browser host's injected script. */
    mailroom: MailroomBridge;
  }
}

export {};
