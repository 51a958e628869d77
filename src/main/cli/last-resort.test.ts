import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResort, type ProcessEvents } from './last-resort';

describe('serve mode last resort', () => {
  it('logs an uncaught exception or rejection (with its stack) and counts it, so serve keeps running', () => {
    const proc = new EventEmitter();
    const errors: string[] = [];
    const resort = installLastResort(proc as unknown as ProcessEvents, {
      info: () => undefined,
      warn: () => undefined,
      error: (m) => errors.push(m),
    });
    proc.emit('uncaughtException', new URIError('URI malformed'), 'uncaughtException');
    proc.emit('unhandledRejection', new Error('socket hang up'));
    expect(resort.count()).toBe(2);
    expect(errors[0]).toMatch(/^BUG: uncaught uncaughtException \(kept serving; please report this\): URIError: URI malformed\n\s+at /);
    expect(errors[1]).toMatch(/^BUG: unhandled promise rejection \(kept serving; please report this\): Error: socket hang up/);
  });

  it('is not installed by the core library: only the serve command calls it', async () => {
    const { readFileSync } = await import('node:fs');
    const { default: path } = await import('node:path');
    const { appRoot } = await import('../core/paths');
    const core = readFileSync(path.join(appRoot(), 'src', 'main', 'core', 'index.ts'), 'utf8');
    expect(core).not.toMatch(/uncaughtException|unhandledRejection|installLastResort/);
    expect(readFileSync(path.join(appRoot(), 'src', 'main', 'cli', 'serve.ts'), 'utf8')).toMatch(/installLastResort\(process, core\.log\)/);
  });
});
