import { describe, expect, it } from 'vitest';
import { findTicket } from '../../src-main/services/tickets/ticket-actions';
import { stateWith, ticket } from '../support/team-fixtures';

describe('findTicket', () => {
  const state = stateWith([ticket(1), ticket(2)]);
  const second = [...state.tickets.values()][1]!;

  it('finds a ticket by key, by number with or without "#", and by its token', () => {
    expect(findTicket(state, second.key)).toBe(second);
    expect(findTicket(state, '#2')).toBe(second);
    expect(findTicket(state, '2')).toBe(second);
    expect(findTicket(state, 'MR-2')).toBe(second);
  });

  it('finds nothing for an unknown number or a key that names a member of every object', () => {
    expect(findTicket(state, '#3')).toBeNull();
    for (const ref of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(findTicket(state, ref)).toBeNull();
  });
});
