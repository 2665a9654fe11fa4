import path from 'node:path';

/**
 * headerWorkerScript for services built from the sources (integration tests, the
 * sync child, the benchmark): the worker runs header-worker.ts through tsx.
 */
export const HEADER_WORKER_SOURCE = path.join(__dirname, 'header-worker-source.mjs');
