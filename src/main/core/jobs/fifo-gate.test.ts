import { describe, expect, it } from 'vitest';
import { FifoGate } from './fifo-gate';

/** A task that records when it starts and ends when released. */
function task(log: string[], name: string) {
  let release!: () => void;
  const ended = new Promise<void>((r) => (release = r));
  return {
    release: () => release(),
    run: async () => {
      log.push(`start ${name}`);
      await ended;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('FifoGate', () => {
  it('runs at most `slots` tasks at once, the waiting ones strictly in arrival order', async () => {
    const gate = new FifoGate(1);
    const log: string[] = [];
    const tasks = ['1', '2', '3', '4'].map((n) => task(log, n));
    const results = tasks.map((t) => gate.run(new AbortController().signal, t.run));
    await tick();
    expect(log).toEqual(['start 1']);
    expect(gate.queued).toBe(3);
    for (const t of [tasks[0], tasks[1], tasks[2], tasks[3]]) {
      t!.release();
      await tick();
    }
    expect(await Promise.all(results)).toEqual(['1', '2', '3', '4']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);

    const two = new FifoGate(2);
    const log2: string[] = [];
    const t2 = ['a', 'b', 'c'].map((n) => task(log2, n));
    const r2 = t2.map((t) => two.run(new AbortController().signal, t.run));
    await tick();
    expect(log2).toEqual(['start a', 'start b']);
    t2[1]!.release();
    await tick();
    expect(log2).toEqual(['start a', 'start b', 'end b', 'start c']);
    t2[0]!.release();
    t2[2]!.release();
    await Promise.all(r2);
  });

  it('a task aborted while it waits never runs and rejects; a failing task frees its slot', async () => {
    const gate = new FifoGate(1);
    const log: string[] = [];
    const first = task(log, '1');
    const running = gate.run(new AbortController().signal, first.run);
    const cancel = new AbortController();
    const waiting = gate.run(cancel.signal, task(log, '2').run);
    const third = task(log, '3');
    const after = gate.run(new AbortController().signal, third.run);
    cancel.abort();
    await expect(waiting).rejects.toThrow();
    expect(gate.queued).toBe(1);
    first.release();
    await running;
    await tick();
    expect(log).toEqual(['start 1', 'end 1', 'start 3']);
    third.release();
    await after;

    await expect(gate.run(new AbortController().signal, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(new AbortController().signal, () => Promise.resolve('next'))).toBe('next');
    const aborted = new AbortController();
    aborted.abort();
    await expect(gate.run(aborted.signal, () => Promise.resolve('never'))).rejects.toThrow();
  });
});
