import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Things that look like secrets never reach a log line: HF tokens and bearer headers. */
const SECRET_PATTERNS: RegExp[] = [/hf_[A-Za-z0-9]{8,}/g, /(authorization:\s*bearer\s+)\S+/gi, /(token=)[A-Za-z0-9._-]+/gi];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((t, re) => t.replace(re, (_m, p1: string | undefined) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]')), text);
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Appends to <dataDir>/logs/main.log (and stderr for warnings/errors), redacted. */
export function createLogger(dataDir: string, echo = false): Logger {
  const dir = path.join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.log');
  const write = (level: string, message: string) => {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${redact(message)}\n`;
    try {
      appendFileSync(file, line);
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
