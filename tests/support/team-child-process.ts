import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { OutboxItem } from '../../src-preload/contract/outbox';
import type { CannedAnswerInput, CannedAnswerView } from '../../src-preload/contract/canned';
import type { AgentStatus, Me, TeamLogStatus } from '../../src-preload/contract/team';
import type { DesktopNotification } from '../../src-preload/contract/notifications';
import type { SavedViewInfo, SavedViewInput } from '../../src-preload/contract/views';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { parseStateJson } from '../../src-main/services/teamlog/snapshot';
import type { EventPayload } from '../../src-main/services/teamlog/events';
import type { TeamCommand } from './team-child';
import type { DeletionCopy, ServerDeletion } from '../../src-main/services/store/server-deletions-repo';
import type { PayloadInput } from './team-events';

export interface TeamChild {
  append(payload: PayloadInput): Promise<string>;
  /** Confirmed state with this client's pending events over it. */
  state(): Promise<TeamState>;
  confirmed(): Promise<TeamState>;
  /** With the id its account has on this client (account ids are each client's own). */
  status(): Promise<TeamLogStatus & { seenUid: number; agentId: string; accountId: string }>;
  refresh(): Promise<boolean>;
  /** This agent's events that lost, in the order the log folded them (each told once). */
  rejections(): Promise<{ ticket: string | null; message: string }[]>;
  /** This client's outgoing mail, newest first. */
  outbox(): Promise<OutboxItem[]>;
  /** Moves the client's team clock forward by `ms`. */
  advanceClock(ms: number): Promise<number>;
  /** The canned answers its account's tickets offer (all: every answer, as the settings list). */
  listCanned(all?: boolean): Promise<CannedAnswerView[]>;
  saveCanned(answer: CannedAnswerInput): Promise<CannedAnswerView>;
  deleteCanned(id: string): Promise<{ deleted: boolean }>;
  deleteTicket(ticket: string, fromServer: boolean): Promise<boolean>;
  /** The server deletions this client still has to finish, with their copies' states. */
  serverDeletions(): Promise<(ServerDeletion & { copies: DeletionCopy[] })[]>;
  /** The desktop notifications shown so far (oldest first) and the unread count. */
  notifications(): Promise<{ shown: DesktopNotification[]; unread: number }>;
  /** The agent's status, as the status switch sets it. */
  setStatus(status: AgentStatus): Promise<Me>;
  listViews(): Promise<SavedViewInfo[]>;
  saveView(view: SavedViewInput): Promise<SavedViewInfo>;
  deleteView(id: string): Promise<{ deleted: boolean }>;
  /** How many tickets each save of the team state wrote, in order. */
  saves(): Promise<number[]>;
  /** Closes the services (the agent goes offline) and waits for the exit. */
  close(): Promise<void>;
  /** SIGKILLs the child and waits until it is gone. */
  kill(): Promise<void>;
}

/** Starts team-child.ts on `dataDir` (separate process, separate data dir) and resolves once it runs. */
export async function startTeamChild(dataDir: string, draft: unknown, agentName: string): Promise<TeamChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'team-child.ts'), dataDir, JSON.stringify(draft), agentName], {
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let exit = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `exit code ${code}, signal ${signal}`;
      resolve();
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: true; id?: number; value?: unknown; error?: string };
    if (message.ready) return ready();
    const request = waiting.get(message.id ?? -1);
    waiting.delete(message.id ?? -1);
    if (message.error !== undefined) request?.reject(new Error(message.error));
    else request?.resolve(message.value);
  });
  void exited.then(() => {
    for (const request of waiting.values()) request.reject(new Error(`team child exited: ${stderr}`));
    waiting.clear();
  });
  const startTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await Promise.race([started, exited.then(() => Promise.reject(new Error(`team child did not start (${exit}): ${stderr}`)))]);
  clearTimeout(startTimer);

  let next = 1;
  const ask = <T>(command: TeamCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin.write(`${JSON.stringify({ id, command })}\n`);
    });
  return {
    append: (payload) => ask({ op: 'append', payload: payload as EventPayload }),
    state: async () => revived(await ask<string>({ op: 'state' })),
    confirmed: async () => revived(await ask<string>({ op: 'confirmed' })),
    status: () => ask({ op: 'status' }),
    refresh: () => ask({ op: 'refresh' }),
    rejections: () => ask({ op: 'rejections' }),
    outbox: () => ask({ op: 'outbox' }),
    advanceClock: (ms) => ask({ op: 'advanceClock', ms }),
    listCanned: (all = false) => ask({ op: 'listCanned', all }),
    saveCanned: (answer) => ask({ op: 'saveCanned', answer }),
    deleteCanned: (id) => ask({ op: 'deleteCanned', id }),
    deleteTicket: (ticket, fromServer) => ask({ op: 'deleteTicket', ticket, fromServer }),
    serverDeletions: () => ask({ op: 'serverDeletions' }),
    notifications: () => ask({ op: 'notifications' }),
    setStatus: (status) => ask({ op: 'setStatus', status }),
    listViews: () => ask({ op: 'listViews' }),
    saveView: (view) => ask({ op: 'saveView', view }),
    deleteView: (id) => ask({ op: 'deleteView', id }),
    saves: () => ask({ op: 'saves' }),
    close: async () => {
      await ask({ op: 'close' });
      child.kill('SIGKILL');
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A child's state from its JSON (team-child.ts withHistory). */
function revived(json: string): TeamState {
  const state = parseStateJson(json);
  if (!state) throw new Error('The team child answered a state that does not parse.');
  return state;
}
