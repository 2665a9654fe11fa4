import fs from 'node:fs';
import path from 'node:path';

/**
 * headerWorkerScript for services built from the sources (integration tests, the
 * sync child, the benchmark): the worker runs header-worker.ts through tsx.
 */
export const HEADER_WORKER_SOURCE = path.join(__dirname, 'header-worker-source.mjs');

const BUILT = path.join(__dirname, '..', '..', 'dist', 'main', 'worker');

/** The entry of the sync workers as the packaged app ships them (scripts/build-electron.mjs), the app's headerWorkerScript. */
export const BUILT_WORKER = path.join(BUILT, 'header-worker.mjs');

/**
 * The sync workers as the packaged app ships them (dist/main/worker: the entry and its
 * chunks), copied into `dir`, where no node_modules can be found, as electron-builder
 * unpacks them from app.asar. Gives the entry's path, the app's headerWorkerScript.
 */
export function copyBuiltWorker(dir: string): string {
  if (!fs.existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} is missing: run npm run build first`);
  fs.cpSync(BUILT, path.join(dir, 'worker'), { recursive: true });
  return path.join(dir, 'worker', path.basename(BUILT_WORKER));
}
