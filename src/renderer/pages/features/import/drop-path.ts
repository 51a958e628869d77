/** A dropped folder arrives as a file:// URI (text/uri-list) from file managers, or as plain text. */
export function pathFromDrop(uriList: string, text: string): string | null {
  const uri = uriList.split(/\r?\n/).find((l) => l && !l.startsWith('#'));
  if (uri?.startsWith('file://')) {
    try {
      return decodeURIComponent(new URL(uri).pathname).replace(/^\/([A-Za-z]:\/)/, '$1');
    } catch {
      return null;
    }
  }
  const t = text.trim();
  return t.startsWith('/') || /^[A-Za-z]:[\\/]/.test(t) ? t : null;
}
