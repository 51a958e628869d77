/** A creation time as the table shows it: "12 Mar, 14:05" (this year) or "12 Mar 2025". */
export function formatCreated(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return sameYear
    ? d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Tokens per second, rounded: "12,345 tok/s". */
export function formatRate(tokensPerSecond: number | null): string {
  return tokensPerSecond === null ? '—' : `${Math.round(tokensPerSecond).toLocaleString()} tok/s`;
}
