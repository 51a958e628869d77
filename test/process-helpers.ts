import { spawn, type ChildProcess } from 'node:child_process';
import type { Core } from '../src/main/core';
import { appRoot } from '../src/main/core/paths';
import { removeDir, tempDir } from './core-helpers';

/** Temp dirs and cores a test makes, all closed and removed in afterEach by `cleanup()`. */
export function testScope(): { dir(): string; keep(core: Core): Core; close(core: Core): Promise<void>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  const cores = new Set<Core>();
  return {
    dir() {
      const d = tempDir();
      dirs.push(d);
      return d;
    },
    keep(core) {
      cores.add(core);
      return core;
    },
    async close(core) {
      cores.delete(core);
      await core.close();
    },
    async cleanup() {
      for (const c of cores) await c.close();
      cores.clear();
      dirs.splice(0).forEach(removeDir);
    },
  };
}

/** A TypeScript script run as its own process (tsx), from the app root. */
export function spawnScript(script: string, args: string[], stderr: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: appRoot(), stdio: ['ignore', 'pipe', stderr] });
}

/** Resolves with the first match of `re` in the child's stdout; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = re.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (c) => reject(new Error(`child exited (${c}) before printing ${re}:\n${out}`)));
  });
}

/** Runs a script to its end; stdout and stderr together. */
export function runScript(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawnScript(script, args, 'pipe');
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
