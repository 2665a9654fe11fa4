/**
 * Global setup for the end-to-end tests: they run the built app (the browser
 * host, the renderer), so a dist/ older than the sources would test yesterday's
 * code. Refuse it, naming the file that is newer and the command that fixes it
 * (the renderer build takes too long to run here every time).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const SOURCES = ['src-main', 'src-preload', 'src-renderer'];
const BUNDLES = ['dist/host/host.js', 'dist/host/header-worker.js', 'dist/host/public/host-bridge.js', 'dist/main/index.js', 'dist/main/worker/header-worker.mjs', 'dist/preload/index.js', 'dist/renderer/index.html'];

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const dir of SOURCES) {
    for (const file of fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
      const full = path.join(root, dir, file);
      const stat = fs.statSync(full);
      if (stat.isFile() && stat.mtimeMs > newest.mtimeMs) newest = { file: path.join(dir, file), mtimeMs: stat.mtimeMs };
    }
  }
  return newest;
}

export default function assertDistFresh(): void {
  const source = newestSource();
  for (const bundle of BUNDLES) {
    const full = path.join(root, bundle);
    if (!fs.existsSync(full)) throw new Error(`${bundle} is missing: these tests run the built app. Run \`npm run build\` first.`);
    if (fs.statSync(full).mtimeMs < source.mtimeMs) {
      throw new Error(`${bundle} is older than ${source.file}: these tests would run a stale build. Run \`npm run build\` first.`);
    }
  }
}
