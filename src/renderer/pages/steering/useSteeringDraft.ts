import { useCallback, useEffect, useState } from 'react';
import type { FeatureSummary } from '../../../shared/types/features';
import type { SteeringPresetRecord } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';
import { draftFromPreset, emptyDraft, type DraftFeature, type SteeringDraft } from './draft';

const describe = (f: FeatureSummary): Omit<DraftFeature, 'feature' | 'coefficient' | 'mode'> => ({
  label: f.label ?? f.suggestedLabel,
  topTokens: f.topTokens,
  maxActivation: f.maxActivation,
});

/**
 * The page's configuration for one SAE (features belong to their SAE: a new SAE starts empty),
 * adding a feature named by the route (the dashboard's "Steer with this feature"), and loading a
 * preset (each feature's label and scale re-read from the current feature pass).
 */
export function useSteeringDraft(saeId: string | null, routeFeature: number | null, onRouteFeatureTaken: () => void) {
  const [draft, setDraft] = useState<SteeringDraft>(emptyDraft);
  const [forSae, setForSae] = useState<string | null>(saeId);
  if (saeId !== forSae) {
    setForSae(saeId);
    setDraft((d) => ({ ...d, features: [], hook: null }));
  }
  useEffect(() => {
    if (!saeId || routeFeature === null) return;
    let live = true;
    void getClient()
      .invoke('features.get', { saeId, featureIndex: routeFeature })
      .then((f) => {
        if (!live) return;
        // From the dashboard: steer it clearly (+Amplify) unless it is already in the set.
        setDraft((d) =>
          d.features.some((g) => g.feature === f.featureIndex)
            ? d
            : { ...d, features: [...d.features, { feature: f.featureIndex, coefficient: 2, mode: 'additive', ...describe(f) }] },
        );
        onRouteFeatureTaken();
      })
      .catch((err) => notifyError(err, `Feature #${routeFeature} not added`));
    return () => {
      live = false;
    };
  }, [saeId, routeFeature, onRouteFeatureTaken]);

  const loadPreset = useCallback(async (p: SteeringPresetRecord) => {
    try {
      const details = await Promise.all(
        p.config.features.map((f) => getClient().invoke('features.get', { saeId: p.saeId, featureIndex: f.feature })),
      );
      const byId = new Map(details.map((d) => [d.featureIndex, d]));
      setDraft(draftFromPreset(p.config, (f) => describe(byId.get(f)!)));
    } catch (err) {
      notifyError(err, `Preset “${p.name}” not loaded`);
    }
  }, []);
  const patch = useCallback((x: Partial<SteeringDraft>) => setDraft((d) => ({ ...d, ...x })), []);
  return { draft, patch, loadPreset };
}
