import { describe, expect, it } from 'vitest';
import { BatchLoader } from '../src/engine/batch-loader.js';

/** A load that takes a few event-loop turns and records how many loads overlap. */
function recordingLoad() {
  const batches: number[][] = [];
  let running = 0;
  let maxRunning = 0;
  const load = async (batch: number[]) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, 2));
    batches.push(batch);
    running--;
  };
  return { load, batches, maxRunning: () => maxRunning };
}

describe('BatchLoader', () => {
  it('runs one load at a time when many producers add at once, and loses nothing', async () => {
    const r = recordingLoad();
    const loader = new BatchLoader<number>(3, r.load);
    // 40 concurrent producers (like the fetch pool's tasks), each adding 5 items.
    await Promise.all(
      Array.from({ length: 40 }, async (_, p) => {
        for (let i = 0; i < 5; i++) await loader.add(p * 5 + i);
      }),
    );
    await loader.flush();

    expect(r.maxRunning()).toBe(1);
    const loaded = r.batches.flat().sort((a, b) => a - b);
    expect(loaded).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('runs one load at a time when flushes race with adds', async () => {
    const r = recordingLoad();
    const loader = new BatchLoader<number>(2, r.load);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => loader.add(i)),
      loader.flush(),
      loader.flush(),
      ...Array.from({ length: 10 }, (_, i) => loader.add(10 + i)),
    ]);
    await loader.flush();

    expect(r.maxRunning()).toBe(1);
    expect(r.batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('re-throws a failed load from the next add and from flush', async () => {
    const loader = new BatchLoader<number>(1, async () => {
      throw new Error('database gone');
    });
    await loader.add(1);
    await expect(loader.flush()).rejects.toThrow('database gone');
    await expect(loader.add(2)).rejects.toThrow('database gone');
  });

  it('hands a flush commit to the load that takes the items buffered before it, never to an earlier one', async () => {
    const loads: { batch: number[]; commits: string[] }[] = [];
    const loader = new BatchLoader<number, string>(3, async (batch, commits) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      loads.push({ batch, commits });
    });
    for (let i = 0; i < 4; i++) await loader.add(i); // loads [0, 1, 2] (running), buffers 3
    await loader.flush('checkpoint-a');
    await loader.flush('checkpoint-b'); // nothing buffered: a load of the commit alone
    expect(loads).toEqual([
      { batch: [0, 1, 2], commits: [] },
      { batch: [3], commits: ['checkpoint-a'] },
      { batch: [], commits: ['checkpoint-b'] },
    ]);
  });
});
