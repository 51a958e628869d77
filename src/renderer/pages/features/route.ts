/**
 * Where the Features tab is looking, kept in the URL hash (`#/features?sae=…&feature=…&view=…`)
 * so links from the Training tab open the right SAE and a reload reopens the same feature.
 */
export type FeaturesView = 'browse' | 'probe' | 'pass' | 'correlations' | 'map' | 'export';
const VIEWS: readonly FeaturesView[] = ['browse', 'probe', 'pass', 'correlations', 'map', 'export'];

export interface FeaturesRoute {
  saeId: string | null;
  featureIndex: number | null;
  view: FeaturesView;
}

export function parseFeaturesHash(hash: string): FeaturesRoute {
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : hash.slice(q + 1));
  const f = params.get('feature');
  const idx = f !== null && /^\d+$/.test(f) ? Number(f) : null;
  const v = params.get('view') as FeaturesView | null;
  return { saeId: params.get('sae') || null, featureIndex: idx, view: v && VIEWS.includes(v) ? v : 'browse' };
}

export function featuresHash(route: Partial<FeaturesRoute>): string {
  const params = new URLSearchParams();
  if (route.saeId) params.set('sae', route.saeId);
  if (route.featureIndex !== null && route.featureIndex !== undefined) params.set('feature', String(route.featureIndex));
  if (route.view && route.view !== 'browse') params.set('view', route.view);
  const q = params.toString();
  return `#/features${q ? `?${q}` : ''}`;
}

/** Opens the Features tab at a route (a hash change: the browser's back button returns). */
export function openFeatures(route: Partial<FeaturesRoute>): void {
  window.location.hash = featuresHash(route);
}
