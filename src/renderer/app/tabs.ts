export const TABS = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'models', label: 'Models' },
  { id: 'training', label: 'Training' },
  { id: 'features', label: 'Features' },
  { id: 'steering', label: 'Steering' },
  { id: 'settings', label: 'Settings' },
  { id: 'system', label: 'System' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export function tabFromHash(hash: string): TabId {
  // A tab may carry its own state after '?' (e.g. #/features?sae=…&feature=…).
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return TABS.some((t) => t.id === id) ? (id as TabId) : 'datasets';
}
