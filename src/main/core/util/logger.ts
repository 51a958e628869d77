import { appendFileSync, chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Things that look like secrets never reach a log line: HF tokens and bearer headers. */
const SECRET_PATTERNS: RegExp[] = [/hf_[A-Za-z0-9]{8,}/g, /(authorization:\s*bearer\s+)\S+/gi, /(token=)[A-Za-z0-9._-]+/gi];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce(
    (t, re) => t.replace(re, (_m, p1: string | undefined) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]')),
    text,
  );
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogRotation {
  /** main.log is rotated once it would grow past this many bytes. Default 5 MiB. */
  maxBytes: number;
  /** Rotated files kept (main.log.1 … main.log.N). Default 3. */
  keep: number;
}

/** One line stays one line, and bounded: a client cannot write megabytes with one request. */
const MAX_LINE_CHARS = 8192;

/**
 * Appends to <dataDir>/logs/main.log (and stderr for warnings/errors), redacted; the file
 * is private (0600 in a 0700 folder) and size-capped: at `maxBytes` it rotates to
 * main.log.1 … main.log.<keep>, so the logs never take more than (keep + 1) × maxBytes.
 */
export function createLogger(dataDir: string, echo = false, rotation: Partial<LogRotation> = {}): Logger {
  const maxBytes = rotation.maxBytes ?? 5 * 1024 * 1024;
  const keep = rotation.keep ?? 3;
  const dir = path.join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'main.log');
  let size = sizeOf(file);
  const rotate = () => {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // not there yet
      }
    }
    if (keep > 0) renameSync(file, `${file}.1`);
    else rmSync(file, { force: true });
    size = 0;
  };
  const write = (level: string, message: string) => {
    const text =
      message.length > MAX_LINE_CHARS
        ? `${message.slice(0, MAX_LINE_CHARS)}… (${message.length - MAX_LINE_CHARS} more characters)`
        : message;
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${redact(text)}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      if (size === 0) chmodSync(file, 0o600);
      size += bytes;
    } catch {
      // Logging must never take the app down.
    }
    if (echo || level !== 'info') process.stderr.write(line);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
