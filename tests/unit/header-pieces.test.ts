import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { headerBatchBytes, headerPieces, headersOfPieces } from '../../src-main/services/sync/parallel-headers';
import { headerInput } from '../support/header-input';

describe('header pieces', () => {
  const batch = Array.from({ length: 250 }, (_, i) => headerInput(i + 1, { subject: `Grüße ${i + 1} ✉`, to: [{ name: 'Zoë', address: 'zoe@example.test' }] }));

  it('reads back a batch sent as bytes, in order, non-ASCII text included', () => {
    const bytes = headerBatchBytes(batch);
    expect(bytes).toHaveLength(3);
    expect(headersOfPieces(bytes)).toEqual(batch);
  });

  it('reads pieces of bytes and pieces fetched inline alike, in the order given', () => {
    const [a, , c] = headerPieces(batch);
    const [, bBytes] = headerBatchBytes(batch);
    expect(headersOfPieces([a!, bBytes!, c!])).toEqual(batch);
  });

  it('gives each piece a buffer of its own, so moving one to another thread moves no other', () => {
    const bytes = headerBatchBytes(batch);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(bytes, bytes.map((piece) => piece.buffer));
    const received = receiveMessageOnPort(port2)?.message as Uint8Array[];
    port1.close();
    // Moved: the sender's buffers are emptied, and nothing was copied into a shared pool.
    expect(bytes.every((piece) => piece.byteLength === 0)).toBe(true);
    expect(headersOfPieces(received)).toEqual(batch);
  });
});
