import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Pacer, TimeSlicer } from '../../src-main/services/sync/time-slices';

/** A clock the test moves by hand: no real time is measured. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Whether a setImmediate queued before `during` ran by the time it settled: `during` gave the event loop a turn. */
async function letsTheLoopTurn(during: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  await during();
  return turned;
}

describe('TimeSlicer', () => {
  it('returns without a turn of the event loop while the slice lasts, and gives one once it is spent', async () => {
    const clock = manualClock();
    const slicer = new TimeSlicer({ sliceMs: 20, clock: clock.now });
    clock.advance(19);
    expect(await letsTheLoopTurn(() => slicer.pace())).toBe(false);
    clock.advance(1);
    expect(await letsTheLoopTurn(() => slicer.pace())).toBe(true);
    // A new slice starts after the turn.
    clock.advance(10);
    expect(await letsTheLoopTurn(() => slicer.pace())).toBe(false);
  });

  it('says when pace() would wait: the slice spent, or the next step overrunning it', async () => {
    const clock = manualClock();
    const slicer = new TimeSlicer({ sliceMs: 20, clock: clock.now });
    clock.advance(15);
    expect(slicer.due()).toBe(false);
    expect(slicer.due(5)).toBe(false);
    expect(slicer.due(6)).toBe(true);
    clock.advance(5);
    expect(slicer.due()).toBe(true);
    await slicer.pace();
    expect(slicer.due()).toBe(false);
  });
});

describe('Pacer', () => {
  it('gives every item once, in order, in chunks sized so one takes half a slice', async () => {
    const clock = manualClock();
    const pacer = new Pacer(1, { sliceMs: 20, clock: clock.now });
    const items = Array.from({ length: 200 }, (_, i) => i);
    const chunks: number[][] = [];
    // Each item costs 1 ms: chunks grow by doubling up to the 10 items of half a slice.
    await pacer.each(items, (chunk) => {
      chunks.push(chunk);
      clock.advance(chunk.length);
    });
    expect(chunks.flat()).toEqual(items);
    expect(chunks.slice(0, 5).map((c) => c.length)).toEqual([1, 2, 4, 8, 10]);
    expect(chunks.slice(4, -1).every((c) => c.length === 10)).toBe(true);
  });

  it('shrinks its chunks when the work gets dearer and keeps what it learned for the next call', async () => {
    const clock = manualClock();
    const pacer = new Pacer(100, { sliceMs: 20, clock: clock.now });
    const first: number[] = [];
    await pacer.each(
      Array.from({ length: 198 }, (_, i) => i),
      (chunk) => {
        first.push(chunk.length);
        clock.advance(chunk.length * 2);
      },
    );
    // Halved at most per chunk, down to the 5 items that fit half a slice.
    expect(first).toEqual([100, 50, 25, 12, 6, 5]);
    expect(pacer.chunkSize()).toBe(5);
    const sizes: number[] = [];
    await pacer.each(
      Array.from({ length: 12 }, (_, i) => i),
      (chunk) => {
        sizes.push(chunk.length);
        clock.advance(chunk.length * 2);
      },
    );
    expect(sizes).toEqual([5, 5, 2]);
  });

  it('never goes below its floor, and one slow chunk only halves the size', async () => {
    const clock = manualClock();
    const pacer = new Pacer(40, { sliceMs: 20, clock: clock.now, minSize: 8 });
    await pacer.step((limit) => {
      clock.advance(1000);
      return limit;
    });
    expect(pacer.chunkSize()).toBe(20);
    for (let i = 0; i < 5; i++) {
      await pacer.step((limit) => {
        clock.advance(1000);
        return limit;
      });
    }
    expect(pacer.chunkSize()).toBe(8);
  });

  it('yields between chunks once a slice is spent, not after every chunk', async () => {
    const clock = manualClock();
    const pacer = new Pacer(10, { sliceMs: 20, clock: clock.now });
    const turns: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      turns.push(
        await letsTheLoopTurn(() =>
          pacer.step((limit) => {
            clock.advance(limit);
            return limit;
          }),
        ),
      );
    }
    // 10 ms per chunk: two fill a slice, and the third begins a turn of its own.
    expect(turns).toEqual([false, false, true, false]);
  });

  it('yields before a chunk that would overrun the slice', async () => {
    const clock = manualClock();
    const pacer = new Pacer(15, { sliceMs: 20, clock: clock.now, minSize: 15 });
    const turns: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      turns.push(await letsTheLoopTurn(() => pacer.step((limit) => (clock.advance(limit), limit))));
    }
    // After one chunk 15 ms are spent: another of half a slice would take the turn to 25 ms.
    expect(turns).toEqual([false, true, true]);
  });

  it('shares one slice among the loops of a thread: once it is spent, one loop resumes per turn of the event loop', async () => {
    const clock = manualClock();
    const loops = [new Pacer(15, { sliceMs: 20, clock: clock.now, minSize: 15 }), new Pacer(15, { sliceMs: 20, clock: clock.now, minSize: 15 })];
    // Each chunk posts a probe, which arrives when the event loop next polls for I/O; a
    // chunk that runs before the last chunk's probe arrived ran in the same turn.
    const channel = new MessageChannel();
    let lastProbe = { ran: true };
    const probes = new Map<number, { ran: boolean }>();
    channel.port2.on('message', (id: number) => (probes.get(id)!.ran = true));
    const sameTurn: boolean[] = [];
    const order: number[] = [];
    await Promise.all(
      loops.map((pacer, k) =>
        pacer.each(
          Array.from({ length: 60 }, (_, i) => i),
          (chunk) => {
            sameTurn.push(!lastProbe.ran);
            order.push(k);
            const probe = { ran: false };
            lastProbe = probe;
            probes.set(probes.size, probe);
            channel.port1.postMessage(probes.size - 1);
            clock.advance(chunk.length);
          },
        ),
      ),
    );
    channel.port1.close();
    // Both first chunks run when the loops are called; every later one in a turn of its own, the loops alternating.
    expect(sameTurn).toEqual([false, true, false, false, false, false, false, false]);
    expect(order).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('steps by what the work reports: 0 ends a loop over a source of unknown length', async () => {
    const clock = manualClock();
    const pacer = new Pacer(50, { sliceMs: 20, clock: clock.now });
    let left = 120;
    let total = 0;
    for (;;) {
      const done = await pacer.step((limit) => {
        const n = Math.min(left, limit);
        left -= n;
        clock.advance(n / 10);
        return n;
      });
      if (done === 0) break;
      total += done;
    }
    expect(total).toBe(120);
  });
});
