// Bundles the Electron main process and the preload.
//
// main    -> dist/main/index.js     CommonJS for Electron's Node (22). Our code, zod and the
//                                   ESM-only electron-store (settings) are bundled; electron, the native
//                                   better-sqlite3, electron-updater and the mail/network
//                                   libraries stay real packages in node_modules (shipped by
//                                   electron-builder as production dependencies).
// worker  -> dist/main/header-worker.js  The header-sync worker thread, self-contained (its
//                                   libraries bundled in): it is unpacked from app.asar, where
//                                   node_modules cannot reach it. src-main/index.ts hands its
//                                   path to the services.
// preload -> dist/preload/index.js  One CommonJS file: a sandboxed preload may require only
//                                   `electron` (and a few polyfills), never other files.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.env.NODE_ENV === 'production';

// electron-updater stays a package too: it is a runtime dependency and finds its own files at run time.
const MAIN_EXTERNAL = ['electron', 'better-sqlite3', 'electron-updater', 'imapflow', 'mailparser', 'nodemailer', 'ws'];

/** Fails the build when a bundle imports something outside its allowed externals. */
function checkExternals(metafile, outfile, allowed) {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(root, file) === outfile);
  if (!output) throw new Error(`esbuild did not report ${outfile}`);
  const unexpected = output[1].imports
    .filter((imp) => imp.external)
    .map((imp) => imp.path)
    .filter((name) => !allowed.some((ok) => name === ok || name.startsWith(`${ok}/`)));
  if (unexpected.length > 0) {
    throw new Error(`${path.relative(root, outfile)} requires modules it may not: ${[...new Set(unexpected)].join(', ')}`);
  }
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  minify: production,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

await rm(path.join(root, 'dist/main'), { recursive: true, force: true });
await rm(path.join(root, 'dist/preload'), { recursive: true, force: true });

const { builtinModules } = await import('node:module');
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A Node bundle for Electron's main process: built-ins are fine, anything else must be a declared external. */
async function buildNode(entry, outfile, external) {
  const result = await build({ ...common, entryPoints: [entry], outfile: path.join(root, outfile), platform: 'node', target: 'node22', external });
  checkExternals(result.metafile, path.join(root, outfile), [...external, ...NODE_BUILTINS]);
}

await buildNode('src-main/index.ts', 'dist/main/index.js', MAIN_EXTERNAL);
await buildNode('src-main/services/sync/header-worker.ts', 'dist/main/header-worker.js', []);

const preloadOut = path.join(root, 'dist/preload/index.js');
const preload = await build({
  ...common,
  entryPoints: ['src-preload/index.ts'],
  outfile: preloadOut,
  // A sandboxed preload is a browser context with a restricted require: the browser
  // platform makes esbuild refuse any Node built-in instead of leaving a require() behind.
  platform: 'browser',
  target: 'chrome130',
  external: ['electron'],
  // Parsed on every page load; zod's locale tables make it large, so always minify.
  minify: true,
});
checkExternals(preload.metafile, preloadOut, ['electron']);

console.log('built dist/main/index.js, dist/main/header-worker.js and dist/preload/index.js');
