import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AblationMode, ProjectionMethod } from '../../../shared/types/analysis';

/**
 * Where an SAE's analysis results live (docs/analysis.md): saes/<id>/analysis/
 *   ablation/<feature>-<mode>.json   AblationResult
 *   correlations/                    summary.json, r.f32 ([m × m] float32), partners.json
 *   map-<method>.json                FeatureMap
 */
export class AnalysisFiles {
  constructor(private readonly saeDir: (saeId: string) => string) {}

  root(saeId: string): string {
    return path.join(this.saeDir(saeId), 'analysis');
  }
  ablation(saeId: string, feature: number, mode: AblationMode): string {
    return path.join(this.root(saeId), 'ablation', `${feature}-${mode}.json`);
  }
  correlations(saeId: string): string {
    return path.join(this.root(saeId), 'correlations');
  }
  map(saeId: string, method: ProjectionMethod): string {
    return path.join(this.root(saeId), `map-${method}.json`);
  }
}

/** Parsed JSON of a result file, or null when there is none. */
export function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A little-endian float32 file as a Float32Array (copied, so alignment never matters). */
export function readFloat32(file: string): Float32Array {
  const b = readFileSync(file);
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
