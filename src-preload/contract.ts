/**
 * The IPC contract: every channel's request and response, every pushed event.
 * One file per domain under contract/, merged here into one map; every other
 * module imports from this file, never from the domain files.
 *
 * Pure module: it imports nothing from Node, the DOM or Electron (lint checks),
 * so the main process, the preload, the browser host and the renderer all derive
 * their types from it. Requests are zod schemas because main validates every
 * payload at the door; responses and event payloads are types only (main is
 * trusted to build them).
 */
export * from './contract/errors';
export * from './contract/shared';
export * from './contract/app';
export * from './contract/accounts';
export * from './contract/server-discovery';
export * from './contract/mail';
export * from './contract/remote-images';
export * from './contract/attachments';
export * from './contract/search-query';
export * from './contract/folders';
export * from './contract/team';
export * from './contract/tickets';
export * from './contract/interactions';
export * from './contract/views';
export * from './contract/reports';
export * from './contract/exports';
export * from './contract/notifications';
export * from './contract/compose';
export * from './contract/outbox';
export * from './contract/canned';
export * from './contract/auto-reply';
export * from './contract/channels';
export * from './contract/events';
export * from './contract/bridge';
