/**
 * The Steering tab's link target (`#/steering?sae=…&feature=…`): "Steer with this feature" on
 * a feature's dashboard opens the tab with that SAE chosen and that feature added.
 */
export interface SteeringRoute {
  saeId: string | null;
  /** A feature to add to the steered set when the tab opens (then dropped from the hash). */
  featureIndex: number | null;
}

export function parseSteeringHash(hash: string): SteeringRoute {
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : hash.slice(q + 1));
  const f = params.get('feature');
  return { saeId: params.get('sae') || null, featureIndex: f !== null && /^\d+$/.test(f) ? Number(f) : null };
}

export function steeringHash(route: Partial<SteeringRoute>): string {
  const params = new URLSearchParams();
  if (route.saeId) params.set('sae', route.saeId);
  if (route.featureIndex !== null && route.featureIndex !== undefined) params.set('feature', String(route.featureIndex));
  const q = params.toString();
  return `#/steering${q ? `?${q}` : ''}`;
}

/** Opens the Steering tab (a hash change: Back returns to the dashboard). */
export function openSteering(route: Partial<SteeringRoute>): void {
  window.location.hash = steeringHash(route);
}
