import { describe, expect, it } from 'vitest';
import { keyCaps, PALETTE_KEY, sequenceLabel } from '../../src-renderer/commands/keys';
import { appliesIn, COMMANDS, commandForKeys, sequencesOf, startsChord } from '../../src-renderer/commands/registry';
import type { Workspace } from '../../src-renderer/stores/workspace';

const WORKSPACES: Workspace[] = ['tickets', 'interactions', 'mail', 'supervisor', 'reports', 'contacts', 'outbox'];

describe('the command registry', () => {
  it('claims no key twice in any workspace, counting the alternative keys', () => {
    for (const workspace of WORKSPACES) {
      const owner = new Map<string, string>();
      for (const command of COMMANDS.filter((c) => appliesIn(c, workspace))) {
        for (const keys of sequencesOf(command)) {
          const key = keys.join(' ');
          expect(owner.get(key), `${key} in ${workspace}: ${owner.get(key)} and ${command.id}`).toBeUndefined();
          owner.set(key, command.id);
        }
      }
      // A chord's first key is only ever a chord's first key: g alone would swallow g i.
      for (const [key, id] of owner) {
        if (!key.includes(' ')) expect(startsChord(key, workspace), `${key} (${id}) also starts a chord in ${workspace}`).toBe(false);
      }
    }
  });

  it('names every command once', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the keys agents know from Gmail and Front', () => {
    const expected: [string[], Workspace, string][] = [
      [['j'], 'tickets', 'list.next'],
      [['k'], 'tickets', 'list.previous'],
      [['j'], 'mail', 'list.next'],
      [['Enter'], 'interactions', 'list.open'],
      [['r'], 'tickets', 'compose.reply'],
      [['a'], 'tickets', 'compose.replyAll'],
      [['f'], 'mail', 'compose.forward'],
      [['e'], 'tickets', 'ticket.close'],
      [['#'], 'tickets', 'ticket.delete'],
      [['#'], 'interactions', 'ticket.delete'],
      [['t'], 'tickets', 'ticket.take'],
      [['/'], 'mail', 'search'],
      [['g', 'i'], 'reports', 'go.view.all'],
      [['?'], 'outbox', 'app.help'],
      [[PALETTE_KEY], 'contacts', 'app.palette'],
    ];
    for (const [keys, workspace, id] of expected) expect(commandForKeys(keys, workspace)?.id, `${keys.join(' ')} in ${workspace}`).toBe(id);
  });

  it('gives e and # their mail meaning in Mail and their ticket meaning where a ticket shows', () => {
    expect(commandForKeys(['#'], 'mail')?.id).toBe('mail.delete');
    expect(commandForKeys(['e'], 'mail')?.id).toBe('mail.archive');
    expect(commandForKeys(['#'], 'tickets')?.id).toBe('ticket.delete');
    expect(commandForKeys(['e'], 'interactions')?.id).toBe('ticket.close');
    expect(commandForKeys(['#'], 'contacts')).toBeNull();
    expect(commandForKeys(['s'], 'mail')?.id).toBe('mail.toggleFlag');
    expect(commandForKeys(['s'], 'tickets')?.id).toBe('ticket.status');
  });

  it('prints keys the way keyboards label them', () => {
    expect(keyCaps('j')).toEqual(['J']);
    expect(keyCaps('T')).toEqual(['Shift', 'T']);
    expect(keyCaps('#')).toEqual(['#']);
    expect(sequenceLabel(['g', 'i'])).toBe('G then I');
    expect(sequenceLabel([PALETTE_KEY])).toBe('Ctrl+K');
  });
});
