/**
 * Measures the tfjs-wasm MatMul-gradient trap (docs/training.md) on this machine: one SAE training
 * step with the custom (materialised-transpose) MatMul gradient vs tfjs's default gradient.
 * Usage: npx tsx bench/sae-matmul-grad.ts [backend=wasm] [dIn=768] [factor=8] [batch=512] [steps=2] [modes=custom,default]
 */
import { dSaeOf, initSaeWeights } from '../src/compute/sae/init';
import { SparseDictionaryData } from '../src/compute/sae/synthetic';
import { testHyperparameters } from '../src/compute/sae/test-fixtures';
import { initialTrainerState } from '../src/compute/sae/trainer-state';
import { TfjsEngine } from '../src/compute/sae/tfjs/engine';

const [backendArg = 'wasm', dInArg = '768', factorArg = '8', batchArg = '512', stepsArg = '2', modesArg = 'custom,default'] =
  process.argv.slice(2);
const prefer = backendArg === 'cpu' ? 'cpu' : 'wasm';
const dIn = Number(dInArg);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const hp = testHyperparameters({ dIn, expansionFactor: Number(factorArg), batchSize: batch });
const { weights } = initSaeWeights(hp);
const data = new SparseDictionaryData(dIn, 4 * dIn, 0.01, 1);
const x = data.batch(batch);

for (const matmul of modesArg.split(',').filter((m): m is 'custom' | 'default' => m === 'custom' || m === 'default')) {
  const engine = await TfjsEngine.create({ prefer, matmul });
  await engine.init(hp, weights, initialTrainerState(dSaeOf(hp), 0));
  await engine.step(x, 1e-4, 1); // warm-up (kernel set-up, allocation)
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) await engine.step(x, 1e-4, 1);
  const sec = (performance.now() - t0) / 1000 / steps;
  console.log(
    `${engine.backend} matmul=${matmul}: d_in ${dIn} ×${factorArg} batch ${batch}: ${sec.toFixed(3)} s/step, ${(batch / sec).toFixed(0)} tokens/s`,
  );
  await engine.dispose();
}
