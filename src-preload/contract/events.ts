/**
 * Events main pushes to the renderer, merged from the domains' maps. The map's
 * keys are the event names and its values stand for the payload types, so a
 * new event is one line in its domain's map.
 */
import { accountEvents } from './accounts';
import { appEvents } from './app';
import { mailEvents } from './mail';
import { teamEvents } from './team';
import { ticketEvents } from './tickets';
import { composeEvents } from './compose';
import { outboxEvents } from './outbox';
import { cannedEvents } from './canned';
import { viewEvents } from './views';
import { notificationEvents } from './notifications';
import { exportEvents } from './exports';
import { discoveryEvents } from './server-discovery';

/** Each domain's events, by domain: the test that no two share a name reads this. */
export const eventsByDomain = { app: appEvents, accounts: accountEvents, discovery: discoveryEvents, mail: mailEvents, tickets: ticketEvents, team: teamEvents, compose: composeEvents, outbox: outboxEvents, canned: cannedEvents, views: viewEvents, exports: exportEvents, notifications: notificationEvents } as const;

const events = { ...appEvents, ...accountEvents, ...discoveryEvents, ...mailEvents, ...ticketEvents, ...teamEvents, ...composeEvents, ...outboxEvents, ...cannedEvents, ...viewEvents, ...exportEvents, ...notificationEvents } as const;

export type Events = { [E in keyof typeof events]: (typeof events)[E] };
export type EventName = keyof Events;
export const eventNames = Object.keys(events) as EventName[];

/** Pushes an event to every connected renderer (Electron windows, browser-host pages). */
export type EventSink = <E extends EventName>(event: E, payload: Events[E]) => void;
