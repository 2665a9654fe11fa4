import type { Handlers } from '../dispatch';
import type { Services } from '../../services';
import { accountHandlers } from './accounts';
import { appHandlers } from './app';
import { mailHandlers } from './mail';
import { remoteImageHandlers } from './remote-images';
import { attachmentHandlers } from './attachments';
import { teamHandlers } from './team';
import { ticketHandlers } from './tickets';
import { composeHandlers } from './compose';
import { outboxHandlers } from './outbox';
import { cannedHandlers } from './canned';
import { autoReplyHandlers } from './auto-reply';
import { viewHandlers } from './views';
import { notificationHandlers } from './notifications';
import { exportHandlers } from './exports';
import { reportHandlers } from './reports';

/**
 * Channels answered from the team state wait until every account's saved state is loaded
 * (TeamLog.ready: seconds at 100,000 tickets); the list shows its skeleton meanwhile
 * instead of an empty queue. Mail, accounts and the app answer at once.
 */
function afterTeamState<H extends Partial<Handlers>>(services: Services, handlers: H): H {
  const waiting: Partial<Record<string, (request: never) => Promise<unknown>>> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, (request: never) => Promise<unknown>][]) {
    waiting[channel] = async (request) => {
      await services.team.ready();
      return handler(request);
    };
  }
  return waiting as H;
}

/** Every channel of the contract, answered by the services. */
export function createHandlers(services: Services): Handlers {
  const now = { ...appHandlers(services), ...accountHandlers(services), ...mailHandlers(services), ...remoteImageHandlers(services), ...attachmentHandlers(services) };
  const team = { ...ticketHandlers(services), ...teamHandlers(services), ...composeHandlers(services), ...outboxHandlers(services), ...cannedHandlers(services), ...autoReplyHandlers(services), ...viewHandlers(services), ...exportHandlers(services), ...reportHandlers(services), ...notificationHandlers(services) };
  return { ...now, ...afterTeamState(services, team) };
}
