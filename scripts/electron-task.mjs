// `npm start` and `npm run dist`: the two commands that need Electron's tooling.
//
//   node scripts/electron-task.mjs start   build, rebuild better-sqlite3 for Electron, run the app
//   node scripts/electron-task.mjs dist    build, package installers for this OS with electron-builder
//
// Either way better-sqlite3 is rebuilt for Node afterwards, also when the step failed,
// so `npm test` and the browser host keep working. Electron 45's install script,
// @electron/get and @electron/rebuild need Node 22.12+, so this stops first on an older
// Node with the fix, instead of failing halfway through a download or rebuild.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MINIMUM = [22, 12];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const windows = process.platform === 'win32';
const task = process.argv[2];

if (task !== 'start' && task !== 'dist') {
  console.error('usage: node scripts/electron-task.mjs start|dist');
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  console.error(
    `npm ${task === 'start' ? 'start' : 'run dist'} needs Node.js ${MINIMUM.join('.')} or later (Electron 45's tooling requires it); ` +
      `this is Node.js ${process.versions.node}.\n` +
      'Install Node.js 22 LTS or newer (for example `nvm install 22`), then run `npm ci` and this command again.\n' +
      '(`npm test` and the browser host also run on Node.js 20.19+.)',
  );
  process.exit(1);
}

/** Runs a command in the project folder; returns its exit code. */
function run(command, args, env = process.env) {
  // Windows runs npm and node_modules/.bin entries as .cmd scripts, which need a shell.
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: windows });
  if (result.error) console.error(`${command} could not start:`, result.error.message);
  return result.status ?? 1;
}

const npm = windows ? 'npm.cmd' : 'npm';
const bin = (name) => path.join(root, 'node_modules', '.bin', windows ? `${name}.cmd` : name);

let status = run(npm, ['run', 'build']);
if (status === 0 && task === 'start') {
  status = run(npm, ['run', 'rebuild:electron']);
  if (status === 0) status = run(bin('electron'), ['.']);
}
if (status === 0 && task === 'dist') {
  // The update feed of electron-builder.yml: empty (the channel off) unless set.
  const env = { ...process.env, MAILROOM_UPDATE_URL: process.env.MAILROOM_UPDATE_URL ?? '' };
  status = run(bin('electron-builder'), ['--config', 'electron-builder.yml'], env);
}
const rebuilt = run(npm, ['run', 'rebuild:node']);
if (rebuilt !== 0) console.error('better-sqlite3 could not be rebuilt for Node: run `npm run rebuild:node` before `npm test`.');
process.exit(status !== 0 ? status : rebuilt);
