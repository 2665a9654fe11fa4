import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRendererUrl, rendererFilePath, rendererPageUrl } from '../../src-main/electron/policy/renderer-url';

// A real folder beside a "secret" file, so a traversal that slipped through would name a file that exists.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-renderer-url-'));
const dir = path.join(base, 'renderer');
fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
fs.writeFileSync(path.join(base, 'secret.txt'), 'not for pages');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('rendererFilePath', () => {
  it('maps the page and its assets to files inside the renderer folder', () => {
    expect(rendererFilePath(dir, 'mailroom://app/index.html')).toBe(path.join(dir, 'index.html'));
    expect(rendererFilePath(dir, 'mailroom://app/index.html#/settings')).toBe(path.join(dir, 'index.html'));
    expect(rendererFilePath(dir, 'mailroom://app/')).toBe(path.join(dir, 'index.html'));
    expect(rendererFilePath(dir, 'mailroom://app/assets/index-CTlo44tW.js?v=1')).toBe(path.join(dir, 'assets', 'index-CTlo44tW.js'));
    // An encoded ordinary character is just that character.
    expect(rendererFilePath(dir, 'mailroom://app/assets/a%20b.css')).toBe(path.join(dir, 'assets', 'a b.css'));
  });

  it('refuses dot segments, plain or encoded, that would leave the folder', () => {
    for (const url of [
      'mailroom://app/../secret.txt',
      'mailroom://app/assets/../../secret.txt',
      'mailroom://app/%2e%2e/secret.txt',
      'mailroom://app/%2E%2E/%2e%2e/secret.txt',
      'mailroom://app/.%2e/secret.txt',
      'mailroom://app/..%2fsecret.txt',
      'mailroom://app/assets/..%2f..%2fsecret.txt',
      'mailroom://app/%252e%252e/secret.txt',
    ]) {
      // Either refused, or folded by the URL parser into a path still inside the folder.
      const file = rendererFilePath(dir, url);
      expect(file === null || file.startsWith(dir + path.sep), `${url} -> ${file}`).toBe(true);
    }
    expect(rendererFilePath(dir, 'mailroom://app/..%2fsecret.txt')).toBeNull();
    expect(rendererFilePath(dir, 'mailroom://app/assets/..%2f..%2fsecret.txt')).toBeNull();
  });

  it('refuses absolute paths and backslashes', () => {
    for (const url of [
      `mailroom://app/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      'mailroom://app/%2fetc%2fpasswd',
      'mailroom://app//etc/passwd',
      'mailroom://app/C:%5cWindows%5cwin.ini',
      'mailroom://app/C:/Windows/win.ini',
      'mailroom://app/..%5csecret.txt',
      'mailroom://app/assets\\..\\..\\secret.txt',
      'mailroom://app/index.html%00.js',
    ]) {
      expect(rendererFilePath(dir, url), url).toBeNull();
    }
  });

  it('refuses other schemes, hosts and credentials', () => {
    for (const url of [
      `file://${path.join(dir, 'index.html')}`,
      'https://app/index.html',
      'mailroom://evil/index.html',
      'mailroom://user:pw@app/index.html',
      'mailroom:index.html',
      'not a url',
    ]) {
      expect(rendererFilePath(dir, url), url).toBeNull();
    }
  });
});

describe('isRendererUrl', () => {
  it('is true only for the page itself', () => {
    expect(isRendererUrl(rendererPageUrl())).toBe(true);
    expect(isRendererUrl(rendererPageUrl('/settings'))).toBe(true);
    expect(rendererPageUrl('/settings')).toBe('mailroom://app/index.html#/settings');
    expect(isRendererUrl('mailroom://app/assets/index.js')).toBe(false);
    expect(isRendererUrl('mailroom://app/%2e%2e/index.html')).toBe(true); // folded to /index.html by the parser
    expect(isRendererUrl('file:///index.html')).toBe(false);
    expect(isRendererUrl('https://example.com/index.html')).toBe(false);
  });
});
