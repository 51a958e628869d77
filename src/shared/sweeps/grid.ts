import { SWEEP_PARAMETERS, type SweepAxis, type SweepParameter, type SweepPoint } from '../types/sweeps';

/**
 * The cartesian product of the axes, first axis outermost (docs/training.md, "Sweeps"):
 * [{k:[16,32]}, {architecture:['topk','batchtopk']}] → k=16 topk, k=16 batchtopk, k=32 topk, k=32 batchtopk.
 * No axes → one empty point (the base config alone); an axis without values → no points.
 */
export function gridPoints(axes: SweepAxis[]): SweepPoint[] {
  let points: Array<Record<string, number | string>> = [{}];
  for (const axis of axes) {
    const next: Array<Record<string, number | string>> = [];
    for (const p of points) for (const v of axis.values) next.push({ ...p, [axis.parameter]: v });
    points = next;
  }
  return points as SweepPoint[];
}

/** The value a point gives a parameter, if it gives one. */
export function pointValue(point: SweepPoint, parameter: SweepParameter): number | string | undefined {
  return point[parameter];
}

/**
 * The parameters that vary across the points (taking more than one value, or set in some points
 * and not others), in SWEEP_PARAMETERS order, each with its distinct values in first-seen order.
 */
export function sweepAxesOf(points: SweepPoint[]): SweepAxis[] {
  const axes: SweepAxis[] = [];
  for (const parameter of SWEEP_PARAMETERS) {
    const values: Array<number | string> = [];
    let missing = false;
    for (const p of points) {
      const v = pointValue(p, parameter);
      if (v === undefined) missing = true;
      else if (!values.includes(v)) values.push(v);
    }
    if (values.length > 1 || (values.length === 1 && missing)) axes.push({ parameter, values });
  }
  return axes;
}

/**
 * "architecture=topk, k=32": the point's values in SWEEP_PARAMETERS order (the run-name suffix; one
 * order for every run of a sweep, whatever order the caller wrote the keys in).
 */
export function pointLabel(point: SweepPoint): string {
  return SWEEP_PARAMETERS.flatMap((p) => {
    const v = pointValue(point, p);
    return v === undefined ? [] : [`${p}=${String(v)}`];
  }).join(', ');
}

/** Two points are the same run when they give every parameter the same value. */
export function samePoint(a: SweepPoint, b: SweepPoint): boolean {
  return SWEEP_PARAMETERS.every((p) => pointValue(a, p) === pointValue(b, p));
}
