import type { ProviderSetting } from './providers';
import { LanguageModel } from './language-model';

/** One loaded model per worker thread (loading is seconds; a job reuses it): loading decodes the graph and opens sessions. */
const cache = new Map<string, LanguageModel>();

export function cachedModel(dir: string, provider: ProviderSetting = 'auto'): LanguageModel {
  const key = `${dir}|${provider}`;
  let lm = cache.get(key);
  if (!lm) {
    // Keep one model resident: a second one would double the worker's memory.
    for (const [k, old] of cache) {
      void old.release();
      cache.delete(k);
    }
    lm = LanguageModel.load(dir, { provider });
    cache.set(key, lm);
  }
  return lm;
}
