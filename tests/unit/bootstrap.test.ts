import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHeaderWorkerScript } from '../../src-main/bootstrap';

describe('checkHeaderWorkerScript', () => {
  it('refuses to start without the header worker, naming the path and the fix', () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'mailroom-boot-')), 'header-worker.js');
    expect(() => checkHeaderWorkerScript(missing)).toThrow(`The header worker's code is missing at ${missing}. Build the app again (npm run build).`);
  });

  it('accepts a built worker', () => {
    const script = path.join(mkdtempSync(path.join(tmpdir(), 'mailroom-boot-')), 'header-worker.js');
    writeFileSync(script, '');
    expect(() => checkHeaderWorkerScript(script)).not.toThrow();
  });
});
