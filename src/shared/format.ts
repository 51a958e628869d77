/**
 * The one place numbers, sizes and times are formatted for people — UI, logs and the command
 * line alike — so a checkpoint is "16.0 MiB" and a time "2026-11-30 04:02" everywhere.
 */

/** Bytes as KiB/MiB/GiB (binary units, as the OS reports memory and disk). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A parameter or token count: 44.1 K, 12.30 M, 1.10 B. */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date and time, 24-hour, year first: "2026-11-30 04:02" (tables, lists, toasts). */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local time of day with seconds, 24-hour: "04:02:38" (log lines). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Tokens per second, rounded: "12,345 tok/s". */
export function formatRate(tokensPerSecond: number | null): string {
  return tokensPerSecond === null ? '—' : `${Math.round(tokensPerSecond).toLocaleString('en-US')} tok/s`;
}
