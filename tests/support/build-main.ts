/**
 * Global setup for the integration tests: the one bundle they run (the header
 * worker as the app ships it) is rebuilt first, so it is never older than the
 * sources. esbuild takes a second or two; the renderer is not needed here.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function buildMainBundles(): void {
  execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: path.resolve(__dirname, '..', '..'), stdio: 'inherit' });
}
