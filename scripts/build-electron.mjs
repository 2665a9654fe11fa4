// Bundles the Electron main process and the preload.
//
// main    -> dist/main/index.js     CommonJS for Electron's Node (22). Our code, zod and the
//                                   ESM-only electron-store (settings) are bundled; electron, the native
//                                   better-sqlite3, electron-updater and the mail/network
//                                   libraries stay real packages in node_modules (shipped by
//                                   electron-builder as production dependencies).
// worker  -> dist/main/worker/header-worker.mjs  The sync worker threads' entry, self-contained
//                                   (its libraries bundled in): it is unpacked from app.asar, where
//                                   node_modules cannot reach it. src-main/index.ts hands its
//                                   path to the services. ES modules split into chunks beside
//                                   it, so each kind of thread loads only its own code (see below).
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

const node = { platform: 'node', target: 'node22' };

const mainOut = path.join(root, 'dist/main/index.js');
const main = await build({ ...common, ...node, entryPoints: ['src-main/index.ts'], outfile: mainOut, external: MAIN_EXTERNAL });
checkExternals(main.metafile, mainOut, [...MAIN_EXTERNAL, ...NODE_BUILTINS]);

// The worker threads: one entry for every kind (header-worker.ts imports each kind's modules
// when a thread starts), split into ES module chunks. As one CommonJS file each thread held
// the whole 5 MB bundle's text, IMAP client, MIME parser and SQLite alike: 30 MB of RSS per
// idle thread against 22 MB with only its own chunks. Bundled CommonJS libraries still call
// require and read __dirname, which an ES module lacks: every chunk defines them first.
const workerDir = path.join(root, 'dist/main/worker');
const worker = await build({
  ...common,
  ...node,
  entryPoints: { 'header-worker': 'src-main/services/sync/header-worker.ts' },
  outdir: workerDir,
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    js: [
      "import { createRequire as __mailroomRequire } from 'node:module';",
      "import { fileURLToPath as __mailroomPath } from 'node:url';",
      'const require = __mailroomRequire(import.meta.url);',
      'const __filename = __mailroomPath(import.meta.url);',
      "const __dirname = __mailroomPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
for (const file of Object.keys(worker.metafile.outputs).filter((f) => f.endsWith('.mjs'))) checkExternals(worker.metafile, path.resolve(root, file), NODE_BUILTINS);

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

console.log('built dist/main/index.js, dist/main/worker/header-worker.mjs and dist/preload/index.js');
