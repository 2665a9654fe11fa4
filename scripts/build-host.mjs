// Bundles the browser host (Node) and its in-page bridge script (browser). The header
// worker is built beside host.js, which hands its path to the services; both use the
// packages in node_modules, as the host runs from the repository.
import { build } from 'esbuild';

await build({
  entryPoints: { host: 'src-main/host/host.ts', 'header-worker': 'src-main/services/sync/header-worker.ts' },
  outdir: 'dist/host',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: ['src-preload/browser-host.ts'],
  outfile: 'dist/host/public/host-bridge.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built dist/host');
