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

/** Every channel of the contract, answered by the services. */
export function createHandlers(services: Services): Handlers {
  return { ...appHandlers(services), ...accountHandlers(services), ...mailHandlers(services), ...remoteImageHandlers(services), ...attachmentHandlers(services), ...ticketHandlers(services), ...teamHandlers(services), ...composeHandlers(services), ...outboxHandlers(services), ...cannedHandlers(services), ...autoReplyHandlers(services), ...viewHandlers(services), ...exportHandlers(services), ...reportHandlers(services), ...notificationHandlers(services) };
}
