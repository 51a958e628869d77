/** A map of names → anything (contract method specs, handlers). */
type NamedMap = Readonly<Record<string, unknown>>;
type Merged<T extends readonly NamedMap[]> = T extends readonly [infer Head, ...infer Rest extends readonly NamedMap[]]
  ? Head & Merged<Rest>
  : unknown;

/**
 * Merges per-domain maps of contract methods or handlers into one. Unlike `{ ...a, ...b }`, a name
 * two domains both define is an error at start-up (the later one would silently win), said in words.
 */
export function mergeMethodMaps<const T extends readonly NamedMap[]>(...maps: T): Merged<T> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, value] of Object.entries(map)) {
      if (Object.prototype.hasOwnProperty.call(merged, name))
        throw new Error(`The method "${name}" is defined by two domains; each contract method has one definition and one handler.`);
      merged[name] = value;
    }
  }
  // Every key of every map was copied once, unchanged, so the result is their intersection.
  return merged as Merged<T>;
}
