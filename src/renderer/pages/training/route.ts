/**
 * Where the Training tab is looking, kept in the URL hash so a sweep's plot can open one of its
 * runs and the browser's Back returns to the sweep: `#/training` (the runs), `#/training?run=…`,
 * `#/training?view=sweeps` (the list), `#/training?sweep=…` (one sweep), `#/training?view=activations`.
 */
export type TrainingView = 'runs' | 'sweeps' | 'activations';
const VIEWS: readonly TrainingView[] = ['runs', 'sweeps', 'activations'];

export interface TrainingRoute {
  view: TrainingView;
  /** The run shown on the runs view (null: the newest). */
  runId: string | null;
  /** The sweep shown on the sweeps view (null: the list of sweeps). */
  sweepId: string | null;
}

export function parseTrainingHash(hash: string): TrainingRoute {
  const q = hash.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : hash.slice(q + 1));
  const runId = params.get('run') || null;
  const sweepId = params.get('sweep') || null;
  const v = params.get('view') as TrainingView | null;
  const view: TrainingView = sweepId ? 'sweeps' : runId ? 'runs' : v && VIEWS.includes(v) ? v : 'runs';
  return { view, runId: view === 'runs' ? runId : null, sweepId: view === 'sweeps' ? sweepId : null };
}

export function trainingHash(route: Partial<TrainingRoute>): string {
  const params = new URLSearchParams();
  const view = route.view ?? (route.sweepId ? 'sweeps' : 'runs');
  if (view === 'runs' && route.runId) params.set('run', route.runId);
  else if (view === 'sweeps' && route.sweepId) params.set('sweep', route.sweepId);
  else if (view !== 'runs') params.set('view', view);
  const q = params.toString();
  return `#/training${q ? `?${q}` : ''}`;
}

/** Opens the Training tab at a route (a hash change: Back returns). */
export function openTraining(route: Partial<TrainingRoute>): void {
  window.location.hash = trainingHash(route);
}
