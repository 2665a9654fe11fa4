/**
 * The browser host: runs the real services in Node and serves the renderer on
 * 127.0.0.1 with the bridge over a token-guarded WebSocket. End-to-end tests
 * drive it with Playwright where the Electron binary cannot be installed.
 *
 *   npm run host -- --data-dir DIR [--port PORT]
 *
 * Tests add --dns-server 127.0.0.1:PORT and --autoconfig-port PORT so server discovery
 * asks their DNS server and autoconfig server instead of the system's and port 443, and
 * --remote-images-from-loopback so mails may show images from their image server on
 * 127.0.0.1 (never loopback otherwise: see public-address.ts).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startMailroom, type Mailroom } from '../bootstrap';
import { createNodePlatform } from '../services/platform/node-platform';
import { attachBridge } from './bridge-server';
import { lockDataDir } from './data-dir-lock';
import { createStaticServer } from './http-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'dns-server': { type: 'string' },
      'autoconfig-port': { type: 'string' },
      'remote-images-from-loopback': { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir) throw new Error('Pass --data-dir DIR: the folder that holds the cache (created if missing).');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('Pass --port with a number from 0 to 65535 (0 picks a free port).');

  // Before anything opens the cache: a second host on the same data dir stops here, naming the first.
  const lock = lockDataDir(path.resolve(dataDir));
  process.on('exit', () => lock.release());

  const here = __dirname; // dist/host
  const token = randomBytes(24).toString('base64url');
  const server = createStaticServer(path.join(here, '..', 'renderer'), path.join(here, 'public', 'host-bridge.js'));
  let mailroom: Mailroom | null = null;
  const bridge = attachBridge(server, token, () => mailroom?.handlers ?? null);

  mailroom = await startMailroom({
    dataDir: path.resolve(dataDir),
    // The page opens the provider's sign-in page itself (a new tab in the browser).
    // Notifications too: the page shows them with the Web Notifications API.
    platform: createNodePlatform(path.resolve(dataDir), process.env, {
      onOAuthUrl: (url) => bridge.emit('oauthUrl', { url }),
      onNotification: (notification) => bridge.emit('notificationShow', notification),
    }),
    host: 'browser',
    version: process.env.npm_package_version ?? '0.0.0',
    emit: bridge.emit,
    // Built beside host.js by scripts/build-host.mjs.
    headerWorkerScript: path.join(here, 'header-worker.js'),
    discovery: {
      ...(values['dns-server'] && { dnsServers: [values['dns-server']] }),
      ...(values['autoconfig-port'] && { ports: { https: Number(values['autoconfig-port']) } }),
    },
    remoteImagePolicy: { allowLoopback: values['remote-images-from-loopback'] },
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${actualPort}/?token=${token}`;
  lock.setUrl(url);
  console.log(`Mailroom host ready: ${url}`);

  const shutdown = async () => {
    bridge.close();
    server.close();
    await mailroom?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(`Mailroom host failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
