// A header worker thread's entry for tests and the benchmark: they run the
// TypeScript sources, so the worker loads sync/header-worker.ts through tsx (the
// app and the host run a bundle instead, see scripts/). HEADER_WORKER_SOURCE in
// header-worker.ts names this file for createServices.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('../../src-main/services/sync/header-worker.ts');
