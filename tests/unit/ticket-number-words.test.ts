import { describe, expect, it } from 'vitest';
import { numberHolds, numberStartsWith } from '../support/ticket-list-model/ticket-rows';

describe('number searches compared as numbers', () => {
  const numbers = [1, 7, 9, 10, 42, 100, 105, 1042, 10420, 99999, 100000, 123456789, 9007199254740991];
  const words = ['1', '0', '04', '042', '05', '10', '104', '1042', '10420', '104200', '9', '99', '0001', '123456789', '90071992547409'];

  it('"#digits" finds the numbers whose text starts with them, as the text would', () => {
    for (const word of words) for (const n of numbers) expect(numberStartsWith(word)(n), `#${word} in ${n}`).toBe(String(n).startsWith(word));
  });

  it('"digits" finds the numbers whose text holds them anywhere, leading zeros included', () => {
    for (const word of words) for (const n of numbers) expect(numberHolds(word)(n), `${word} in ${n}`).toBe(String(n).includes(word));
  });
});
