/**
 * The one channel map, merged from the domains' maps. A new domain adds its
 * map here; dispatch, the preload and the browser host pick it up from this.
 */
import type { z } from 'zod';
import { accountChannels } from './accounts';
import { appChannels } from './app';
import { mailChannels } from './mail';
import { attachmentChannels } from './attachments';
import { teamChannels } from './team';
import { ticketChannels } from './tickets';
import { composeChannels } from './compose';
import { outboxChannels } from './outbox';
import { cannedChannels } from './canned';
import { autoReplyChannels } from './auto-reply';
import { viewChannels } from './views';
import { notificationChannels } from './notifications';
import { exportChannels } from './exports';
import { reportChannels } from './reports';
import { discoveryChannels } from './server-discovery';
import { remoteImageChannels } from './remote-images';

/** Each domain's channels, by domain: the test that no two share a name reads this. */
export const channelsByDomain = { app: appChannels, accounts: accountChannels, discovery: discoveryChannels, mail: mailChannels, remoteImages: remoteImageChannels, attachments: attachmentChannels, tickets: ticketChannels, team: teamChannels, compose: composeChannels, outbox: outboxChannels, canned: cannedChannels, autoReply: autoReplyChannels, views: viewChannels, exports: exportChannels, reports: reportChannels, notifications: notificationChannels } as const;

export const contract = { ...appChannels, ...accountChannels, ...discoveryChannels, ...mailChannels, ...remoteImageChannels, ...attachmentChannels, ...ticketChannels, ...teamChannels, ...composeChannels, ...outboxChannels, ...cannedChannels, ...autoReplyChannels, ...viewChannels, ...exportChannels, ...reportChannels, ...notificationChannels } as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What main's handlers receive: parsed, with defaults filled in. */
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
/** What callers may send: fields with defaults can be left out. */
export type RequestInputOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'];
export const channels = Object.keys(contract) as Channel[];
