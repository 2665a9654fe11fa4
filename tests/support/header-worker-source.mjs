// A header worker thread's entry for tests and the benchmark: they run the
// TypeScript sources, so the worker loads sync/header-worker.ts through tsx (the
// app and the host run a bundle instead, see scripts/). HEADER_WORKER_SOURCE in
// header-worker.ts names this file for createServices. Both loaders: the worker imports
// its kind's modules with import() (see serve there), which the CommonJS one does not see.
import { createRequire } from 'node:module';
import { register } from 'tsx/esm/api';

register();
const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('../../src-main/services/sync/header-worker.ts');
