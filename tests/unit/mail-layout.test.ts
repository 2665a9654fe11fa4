import { describe, expect, it } from 'vitest';
import { DEFAULT_LIST_WIDTH, MIN_LIST_WIDTH, parseListWidth } from '../../src-renderer/stores/mailLayout';
import { windowTitle } from '../../src-renderer/stores/notifications';

describe('the remembered list width', () => {
  it('reads back a stored width, never below the minimum', () => {
    expect(parseListWidth('512')).toBe(512);
    expect(parseListWidth('120')).toBe(MIN_LIST_WIDTH);
  });
  it('falls back to the default when nothing or something else is stored', () => {
    expect(parseListWidth(null)).toBe(DEFAULT_LIST_WIDTH);
    expect(parseListWidth('wide')).toBe(DEFAULT_LIST_WIDTH);
  });
});

describe('the window title', () => {
  it('names the folder with its unread count in Mail', () => {
    expect(windowTitle(12, 'Inbox')).toBe('(12) Inbox — Mailroom');
    expect(windowTitle(0, 'Inbox')).toBe('Inbox — Mailroom');
  });
  it('carries the unread tickets elsewhere', () => {
    expect(windowTitle(3)).toBe('(3) Mailroom');
    expect(windowTitle(0)).toBe('Mailroom');
  });
});
