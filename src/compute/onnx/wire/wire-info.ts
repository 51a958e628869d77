/**
 * What a decoded message remembers about its bytes so that re-encoding it unmodified gives
 * the same bytes: the order its fields came in (runs of one field number), whether each run
 * was packed, and the raw bytes (key included) of every field the schema does not know.
 * Kept in a WeakMap, off the message object, so messages stay plain data (toEqual, spread).
 */

export type OrderEntry =
  /** `count` consecutive occurrences of a known field (for a packed run: elements in one chunk). */
  | { readonly kind: 'known'; readonly field: number; count: number; readonly packed: boolean }
  /** A field the schema does not know (or known but with an unexpected wire type): kept verbatim. */
  | { readonly kind: 'unknown'; readonly field: number; readonly raw: Uint8Array };

export interface WireInfo {
  readonly order: OrderEntry[];
}

const infos = new WeakMap<object, WireInfo>();

export function getWireInfo(message: object): WireInfo | undefined {
  return infos.get(message);
}

export function setWireInfo(message: object, info: WireInfo): void {
  infos.set(message, info);
}

/** Unknown fields of a decoded message, in the order they appeared: field number and raw bytes (key included). */
export function unknownFields(message: object): { field: number; raw: Uint8Array }[] {
  const info = infos.get(message);
  if (!info) return [];
  return info.order.flatMap((e) => (e.kind === 'unknown' ? [{ field: e.field, raw: e.raw }] : []));
}

/** Copy a decoded message's wire info onto a copy of it (e.g. after `{...node}`). */
export function copyWireInfo(from: object, to: object): void {
  const info = infos.get(from);
  if (info) infos.set(to, { order: info.order.map((e) => ({ ...e })) });
}
