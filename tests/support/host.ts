/**
 * Starts the built browser host (dist/host/host.js) as a child process on a free
 * port, the way a developer would, and hands back the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Fixed for tests, so a restarted host can read the secrets an earlier one wrote. */
export const TEST_SECRET_KEY = 'a1'.repeat(32);

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  /** Graceful stop (SIGTERM), as a user quitting the app. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies at whatever point it is. */
  kill(): Promise<void>;
}

export function makeDataDir(prefix = 'mailroom-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The test servers' certificate: the host trusts it like a company CA installed on the machine. */
export const TEST_CERT_FILE = path.join(repoRoot, 'tests/support/tls/server.crt');
export const TEST_KEY_FILE = path.join(repoRoot, 'tests/support/tls/server.key');

/** The agent a test's host works as unless the test is about the first start (agent: null asks the profile). */
export const TEST_AGENT = { name: 'Test Agent', email: '', phone: '', mobile: '', fax: '' };

/** Writes the agent's profile where the host's settings keep it, so the first-start dialog does not cover the page. */
function seedAgentProfile(dataDir: string, agent: typeof TEST_AGENT): void {
  const file = path.join(dataDir, 'settings.json');
  const settings = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  if ('team.profile' in settings) return;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...settings, 'team.profile': agent }));
}

/** readyWithinMs: how long the host may take to open the data dir (a benchmark's big store takes longer than 20 s). */
/** args: more command-line options for the host, e.g. --dns-server and --autoconfig-port (server discovery's test servers). */
export async function startHost(options: { dataDir: string; agent?: typeof TEST_AGENT | null; readyWithinMs?: number; args?: string[] }): Promise<RunningHost> {
  const readyWithinMs = options.readyWithinMs ?? 20_000;
  const agent = options.agent === undefined ? TEST_AGENT : options.agent;
  if (agent) seedAgentProfile(options.dataDir, agent);
  const env: NodeJS.ProcessEnv = { ...process.env, MAILROOM_SECRET_KEY: TEST_SECRET_KEY, NODE_EXTRA_CA_CERTS: TEST_CERT_FILE };
  const args = [...(options.args ?? [])];
  // Nothing answers DNS on port 9: the account form's server lookups in other tests ask nothing beyond 127.0.0.1.
  if (!args.includes('--dns-server')) args.push('--dns-server', '127.0.0.1:9');
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/host/host.js'), '--data-dir', options.dataDir, '--port', '0', ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A host that is still opening would hold the data dir's lock for the next one.
      child.kill('SIGKILL');
      reject(new Error(`host did not start in ${readyWithinMs / 1000} s:\n${output}`));
    }, readyWithinMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Mailroom host ready: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    dataDir: options.dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
