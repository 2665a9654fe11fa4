/**
 * A benchmark's child process as the app runs its services: bundled by esbuild into
 * dist/bench (packages stay in node_modules, as for dist/host) and run by plain Node,
 * with no execArgv. Through tsx its loader and the sources it transpiled added about 80 MB
 * to the child's RSS, which is not the app's; with --enable-source-maps (the app runs
 * without) each thread held its bundle's parsed map, 12 MB more in the header phase.
 */
import path from 'node:path';
import { build } from 'esbuild';
import buildMainBundles from '../support/build-main';
import { BUILT_WORKER } from '../support/header-worker';

const OUT_DIR = path.join(__dirname, '..', '..', 'dist', 'bench');

/** Bundles `entry` (a .ts beside the benchmark) and gives the .js to fork. */
export async function bundleChild(entry: string): Promise<string> {
  const name = path.basename(entry, '.ts');
  await build({ entryPoints: { [name]: entry }, outdir: OUT_DIR, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' });
  return path.join(OUT_DIR, `${name}.js`);
}

/**
 * The sync workers' code as the packaged app ships it (scripts/build-electron.mjs, built
 * again here so it matches the sources): its libraries bundled in, each kind of thread
 * loading only its own chunks. Gives the entry's path, the app's headerWorkerScript.
 */
export function appWorker(): string {
  buildMainBundles();
  return BUILT_WORKER;
}
