/**
 * Every action the agent can take from the keyboard, in one table: the key handler
 * (useCommandKeys), the help (?) and the command palette (Ctrl/Cmd+K) all read it, so a
 * shortcut shown is a shortcut that works, and no key is claimed twice in a workspace
 * (tests/unit/command-registry.test.ts). Keys follow Gmail and Front where they can.
 */
import type { MessageDetail, TicketDetail, TicketRef } from '../../src-preload/contract';
import { composeKindOfKey, startFrom } from '../features/compose/ComposeButtons';
import { viewQuery, type ViewName } from '../features/queues/views';
import { canTake, offeredToMe, refOf, requestClose } from '../features/tickets/useTicketContext';
import { useComposeStore } from '../stores/compose';
import { useDeletionStore } from '../stores/deletion';
import { useExportsStore } from '../stores/exports';
import { toggleFlag, toggleRead } from '../stores/flags';
import { useMailLayoutStore } from '../stores/mailLayout';
import { moveOpenMessage } from '../stores/messageMoves';
import { useReaderStore } from '../stores/reader';
import { useTeamStore } from '../stores/team';
import { useTicketsStore } from '../stores/tickets';
import { useWorkspaceStore, type Workspace } from '../stores/workspace';
import { PALETTE_KEY } from './keys';
import { KEYBOARD_LISTS, SEARCH_FIELDS } from './lists';

export type CommandGroup = 'Move' | 'Answer' | 'Ticket' | 'Mail' | 'Go to' | 'App';
export const COMMAND_GROUPS: readonly CommandGroup[] = ['Move', 'Answer', 'Ticket', 'Mail', 'Go to', 'App'];

/** What a command acts on: read when the key is pressed or the palette opens. */
export interface CommandContext {
  workspace: Workspace;
  /** The ticket open in the Tickets or Interactions workspace. */
  ticket: TicketDetail | null;
  /** The message open in the Mail workspace. */
  message: MessageDetail | null;
}

export interface Command {
  id: string;
  title: string;
  group: CommandGroup;
  /** Its shortcut: one key, or a chord ('g' then 'i'); none: the palette only. */
  keys?: readonly string[];
  /** More keys for the same thing (the arrows beside j/k); the help lists them on the same line. */
  alsoKeys?: readonly (readonly string[])[];
  /** The workspaces its keys and palette entry belong to; none: everywhere. */
  where?: readonly Workspace[];
  /** Whether it can run now; the palette leaves out the ones that cannot, the key does nothing. */
  when?(ctx: CommandContext): boolean;
  run(ctx: CommandContext): void;
}

const TICKET_AREAS: readonly Workspace[] = ['tickets', 'interactions'];
const ANSWER_AREAS: readonly Workspace[] = ['tickets', 'interactions', 'mail'];

const ticketRef = (ctx: CommandContext): TicketRef | null => (ctx.ticket ? refOf(ctx.ticket) : null);
const hasTicket = (ctx: CommandContext) => ctx.ticket !== null;
const openTicket = (ctx: CommandContext): TicketDetail => {
  if (!ctx.ticket) throw new Error('No ticket is open.');
  return ctx.ticket;
};
const act = (ctx: CommandContext, action: Parameters<ReturnType<typeof useTicketsStore.getState>['act']>[1]) => {
  const ref = ticketRef(ctx);
  if (ref) void useTicketsStore.getState().act(ref, action);
};

/** R, A, F answer the open ticket (its newest customer message) or, in Mail, the open message. */
function answer(key: 'r' | 'a' | 'f', title: string, id: string): Command {
  return {
    id,
    title,
    group: 'Answer',
    keys: [key],
    ...(key === 'a' ? { alsoKeys: [['R']] } : {}),
    where: ANSWER_AREAS,
    when: (ctx) => (ctx.workspace === 'mail' ? ctx.message !== null : ctx.ticket !== null),
    run: (ctx) => {
      // A while the ticket is offered to this agent accepts it: the answer comes after.
      if (key === 'a' && ctx.ticket && ctx.workspace !== 'mail' && offeredToMe(ctx.ticket)) return act(ctx, { type: 'accept' });
      const kind = composeKindOfKey(key) ?? 'reply';
      if (ctx.workspace === 'mail') {
        if (ctx.message) startFrom({ messageId: ctx.message.id }, kind);
      } else if (ctx.ticket) startFrom({ ticket: refOf(ctx.ticket) }, kind);
    },
  };
}

function goTo(workspace: Workspace, title: string, second: string): Command {
  return { id: `go.${workspace}`, title, group: 'Go to', keys: ['g', second], run: () => useWorkspaceStore.getState().show(workspace) };
}

/** A ticket view of the Tickets workspace (g i is the inbox: every open ticket). */
function goToView(view: ViewName, title: string, second: string): Command {
  return {
    id: `go.view.${view}`,
    title,
    group: 'Go to',
    keys: ['g', second],
    run: () => {
      useWorkspaceStore.getState().show('tickets');
      useTicketsStore.getState().show(viewQuery(view));
    },
  };
}

function focusSearch(ctx: CommandContext): void {
  const id = SEARCH_FIELDS[ctx.workspace];
  const input = id ? (document.getElementById(id) as HTMLInputElement | null) : null;
  input?.focus();
  input?.select();
}

export const COMMANDS: readonly Command[] = [
  // ---- moving in the list ----
  {
    id: 'list.next',
    title: 'Next in the list (in Mail, opens it while a message is open)',
    group: 'Move',
    keys: ['j'],
    alsoKeys: [['ArrowDown']],
    where: ['tickets', 'mail', 'interactions'],
    when: (ctx) => KEYBOARD_LISTS[ctx.workspace] !== undefined,
    run: (ctx) => KEYBOARD_LISTS[ctx.workspace]?.move(1),
  },
  {
    id: 'list.previous',
    title: 'Previous in the list (in Mail, opens it while a message is open)',
    group: 'Move',
    keys: ['k'],
    alsoKeys: [['ArrowUp']],
    where: ['tickets', 'mail', 'interactions'],
    when: (ctx) => KEYBOARD_LISTS[ctx.workspace] !== undefined,
    run: (ctx) => KEYBOARD_LISTS[ctx.workspace]?.move(-1),
  },
  {
    id: 'list.open',
    title: 'Open the highlighted row',
    group: 'Move',
    keys: ['Enter'],
    where: ['tickets', 'mail', 'interactions'],
    when: (ctx) => KEYBOARD_LISTS[ctx.workspace] !== undefined,
    run: (ctx) => KEYBOARD_LISTS[ctx.workspace]?.open(),
  },
  {
    id: 'search',
    title: 'Search',
    group: 'Move',
    keys: ['/'],
    where: ['tickets', 'mail', 'interactions'],
    when: (ctx) => SEARCH_FIELDS[ctx.workspace] !== undefined,
    run: focusSearch,
  },

  // ---- answering ----
  answer('r', 'Reply', 'compose.reply'),
  answer('a', 'Reply all (accepts the ticket instead while it is offered to you)', 'compose.replyAll'),
  answer('f', 'Forward', 'compose.forward'),
  { id: 'compose.new', title: 'New mail', group: 'Answer', run: () => void useComposeStore.getState().start({ kind: 'new' }) },

  // ---- the open ticket ----
  {
    id: 'ticket.take',
    title: 'Take the ticket',
    group: 'Ticket',
    keys: ['t'],
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket !== null && canTake(ctx.ticket),
    run: (ctx) => act(ctx, { type: 'take' }),
  },
  {
    id: 'ticket.accept',
    title: 'Accept the ticket offered to you',
    group: 'Ticket',
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket !== null && offeredToMe(ctx.ticket),
    run: (ctx) => act(ctx, { type: 'accept' }),
  },
  {
    id: 'ticket.decline',
    title: 'Decline the ticket offered to you',
    group: 'Ticket',
    keys: ['x'],
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket !== null && offeredToMe(ctx.ticket),
    run: (ctx) => act(ctx, { type: 'decline' }),
  },
  {
    id: 'ticket.release',
    title: 'Release the ticket to its queue',
    group: 'Ticket',
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket !== null && ctx.ticket.assignee?.id === useTeamStore.getState().me?.agentId,
    run: (ctx) => act(ctx, { type: 'release' }),
  },
  {
    id: 'ticket.transfer',
    title: 'Transfer to an agent or queue',
    group: 'Ticket',
    keys: ['T'],
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket?.can.transfer === true,
    run: () => useTicketsStore.getState().setPanel('transfer'),
  },
  {
    id: 'ticket.close',
    title: 'Close (asks for a disposition when the account needs one)',
    group: 'Ticket',
    keys: ['e'],
    alsoKeys: [['c']],
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket !== null && ctx.ticket.status !== 'closed' && ctx.ticket.can.close,
    run: (ctx) => requestClose(openTicket(ctx)),
  },
  {
    id: 'ticket.reopen',
    title: 'Reopen the ticket',
    group: 'Ticket',
    where: TICKET_AREAS,
    when: (ctx) => ctx.ticket?.status === 'closed',
    run: (ctx) => act(ctx, { type: 'status', status: 'open' }),
  },
  { id: 'ticket.status', title: 'Status menu', group: 'Ticket', keys: ['s'], where: TICKET_AREAS, when: hasTicket, run: () => useTicketsStore.getState().setPanel('status') },
  { id: 'ticket.tags', title: 'Edit tags (labels)', group: 'Ticket', keys: ['l'], where: TICKET_AREAS, when: hasTicket, run: () => useTicketsStore.getState().setPanel('tags') },
  { id: 'ticket.note', title: 'Add an internal note', group: 'Ticket', keys: ['n'], where: TICKET_AREAS, when: hasTicket, run: () => useTicketsStore.getState().focusNote() },
  { id: 'ticket.merge', title: 'Merge into another ticket', group: 'Ticket', where: TICKET_AREAS, when: hasTicket, run: () => useTicketsStore.getState().setPanel('merge') },
  {
    id: 'ticket.export',
    title: 'Export the ticket as a zip of its messages',
    group: 'Ticket',
    where: TICKET_AREAS,
    when: hasTicket,
    run: (ctx) => {
      const ref = ticketRef(ctx);
      if (ref) useExportsStore.getState().askZip([ref]);
    },
  },
  {
    id: 'ticket.delete',
    title: 'Delete the ticket (asks first)',
    group: 'Ticket',
    keys: ['#'],
    where: TICKET_AREAS,
    when: hasTicket,
    run: (ctx) => {
      const ref = ticketRef(ctx);
      if (ref) useDeletionStore.getState().ask([ref]);
    },
  },

  // ---- the open message (Mail) ----
  { id: 'mail.toggleRead', title: 'Mark read or unread', group: 'Mail', keys: ['u'], where: ['mail'], run: toggleRead },
  { id: 'mail.toggleFlag', title: 'Flag or unflag', group: 'Mail', keys: ['s'], where: ['mail'], run: toggleFlag },
  {
    id: 'mail.archive',
    title: 'Archive the message (the next one opens)',
    group: 'Mail',
    keys: ['e'],
    where: ['mail'],
    when: (ctx) => ctx.message !== null,
    run: () => void moveOpenMessage('archive'),
  },
  {
    id: 'mail.delete',
    title: 'Delete the message: to Trash (the next one opens)',
    group: 'Mail',
    keys: ['#'],
    where: ['mail'],
    when: (ctx) => ctx.message !== null,
    run: () => void moveOpenMessage('trash'),
  },
  {
    id: 'mail.close',
    title: 'Close the message',
    group: 'Mail',
    keys: ['Escape'],
    where: ['mail'],
    when: () => useReaderStore.getState().openId !== null,
    run: () => useReaderStore.getState().close(),
  },
  {
    id: 'mail.density',
    title: 'Compact or comfortable list rows',
    group: 'Mail',
    where: ['mail'],
    run: () => {
      const layout = useMailLayoutStore.getState();
      layout.setDensity(layout.density === 'compact' ? 'comfortable' : 'compact');
    },
  },

  // ---- going places ----
  goToView('all', 'Inbox: all tickets', 'i'),
  goToView('unassigned', 'Unassigned tickets', 'u'),
  goToView('mine', 'My tickets', 'm'),
  goTo('interactions', 'Interactions', 'n'),
  goTo('mail', 'Mail', 'a'),
  goTo('supervisor', 'Supervisor', 's'),
  goTo('reports', 'Reports', 'r'),
  goTo('contacts', 'Contacts', 'c'),
  goTo('outbox', 'Outbox', 'o'),

  // ---- the app ----
  {
    id: 'app.pause',
    title: 'Pause (no new tickets offered to you)',
    group: 'App',
    when: () => useTeamStore.getState().me?.status === 'online',
    run: () => void useTeamStore.getState().setStatus('paused'),
  },
  {
    id: 'app.online',
    title: 'Go online (take new tickets)',
    group: 'App',
    when: () => {
      const me = useTeamStore.getState().me;
      return me !== null && me.status !== 'online' && !me.pausedFor;
    },
    run: () => void useTeamStore.getState().setStatus('online'),
  },
  { id: 'app.profile', title: 'Edit your profile', group: 'App', run: () => useTeamStore.getState().setProfileOpen(true) },
  { id: 'app.palette', title: 'Command palette', group: 'App', keys: [PALETTE_KEY], run: () => useWorkspaceStore.getState().setPaletteOpen(true) },
  { id: 'app.help', title: 'Keyboard shortcuts', group: 'App', keys: ['?'], run: () => useWorkspaceStore.getState().setHelpOpen(true) },
];

/** Whether the command belongs to the workspace (its keys work there, the palette lists it there). */
export function appliesIn(command: Command, workspace: Workspace): boolean {
  return !command.where || command.where.includes(workspace);
}

/** Ready to run now, in this context. */
export function available(command: Command, ctx: CommandContext): boolean {
  return appliesIn(command, ctx.workspace) && (command.when?.(ctx) ?? true);
}

/** Every key sequence of the command (its shortcut and the alternatives). */
export function sequencesOf(command: Command): (readonly string[])[] {
  return [...(command.keys ? [command.keys] : []), ...(command.alsoKeys ?? [])];
}

/** The command a complete key sequence names in a workspace, if any. */
export function commandForKeys(keys: readonly string[], workspace: Workspace): Command | null {
  const same = (a: readonly string[]) => a.length === keys.length && a.every((k, i) => k === keys[i]);
  return COMMANDS.find((c) => appliesIn(c, workspace) && sequencesOf(c).some(same)) ?? null;
}

/** Whether the key starts a chord in the workspace (g waits for its second key). */
export function startsChord(key: string, workspace: Workspace): boolean {
  return COMMANDS.some((c) => appliesIn(c, workspace) && sequencesOf(c).some((s) => s.length > 1 && s[0] === key));
}

export function commandById(id: string): Command {
  const command = COMMANDS.find((c) => c.id === id);
  if (!command) throw new Error(`No command ${id}.`);
  return command;
}

/** What the commands act on right now. */
export function currentContext(workspace: Workspace): CommandContext {
  const ticket = TICKET_AREAS.includes(workspace) ? useTicketsStore.getState().detail : null;
  return { workspace, ticket, message: workspace === 'mail' ? useReaderStore.getState().detail : null };
}
