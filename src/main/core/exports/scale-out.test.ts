import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hyperparametersSchema } from '../../../shared/contract/training';
import { appRoot } from '../paths';
import { saelensScript, sparsifyCommand, type ScaleOutInput } from './scale-out';

// The demo run: resources/demo-sae/provenance.json holds every setting it was trained with.
const demo = JSON.parse(readFileSync(path.join(appRoot(), 'resources', 'demo-sae', 'provenance.json'), 'utf8')) as {
  hyperparameters: unknown;
  hook: string;
  tokenization: { contextSize: number; prependBos: boolean };
};
const hp = hyperparametersSchema.parse(demo.hyperparameters);
const input = (over: Partial<ScaleOutInput> = {}): ScaleOutInput => ({
  runName: 'KJV demo SAE',
  model: 'KJV GPT-2 (demo)',
  modelIsHubId: false,
  hook: demo.hook,
  dIn: 256,
  dataset: { path: './dataset', onHub: false },
  contextSize: demo.tokenization.contextSize,
  prependBos: demo.tokenization.prependBos,
  hp,
  checkpointEvery: 500,
  metricsEvery: 10,
  evalEvery: 250,
  evalTokens: 4096,
  ...over,
});

/** /usr/bin/python3 first (Debian's, the one CI has), else whatever python3 is on PATH. */
function python(): string | null {
  for (const p of ['/usr/bin/python3', 'python3']) if (spawnSync(p, ['--version']).status === 0) return p;
  return null;
}
const py = python();

describe('scale-out scripts for the demo run', () => {
  for (const [what, make] of [
    ['SAELens script', saelensScript],
    ['sparsify command', sparsifyCommand],
  ] as const) {
    for (const arch of ['standard', 'topk', 'matryoshka'] as const) {
      it(`${what} (${arch}): every hyperparameter is mapped or listed in the file`, () => {
        const run = { ...hp, architecture: arch, ...(arch === 'matryoshka' ? { matryoshkaWidths: [0.25, 0.5] } : {}) };
        const r = make(input({ hp: run }));
        const covered = new Set([...r.mapped.map((m) => m.name as string), ...r.unmapped.map((u) => u.name)]);
        for (const key of Object.keys(run)) expect(covered, `${key} is neither mapped nor listed`).toContain(key);
        for (const u of r.unmapped) expect(r.text).toContain(`${u.name} = ${u.value}: ${u.why}`);
      });
    }
  }

  it('the SAELens script carries the run: model, hook, dataset, sizes and the mapped values', () => {
    const r = saelensScript(
      input({ model: 'openai-community/gpt2', modelIsHubId: true, dataset: { path: 'NeelNanda/pile-10k', onHub: true } }),
    );
    expect(r.text).toContain('model_name="openai-community/gpt2"');
    expect(r.text).toContain('hook_name="blocks.2.hook_resid_post"');
    expect(r.text).toContain('dataset_path="NeelNanda/pile-10k"');
    expect(r.text).toContain(`d_sae=${256 * hp.expansionFactor},`);
    expect(r.text).toContain(`training_tokens=${hp.totalSteps * hp.batchSize},`);
    expect(r.text).toContain(`l1_coefficient=${hp.l1Coefficient},`);
    expect(r.text).toContain('lr_scheduler_name="cosineannealing"');
    expect(r.text).toContain('streaming=True');
  });

  it('the sparsify command runs under torchrun on every GPU with the mapped flags', () => {
    const r = sparsifyCommand(input({ hp: { ...hp, architecture: 'topk' } }));
    expect(r.text).toMatch(/torchrun --nproc_per_node "\$\{GPUS:-\$\(nvidia-smi -L \| wc -l\)\}" -m sparsify/);
    expect(r.text).toContain('--hookpoints layers.2');
    expect(r.text).toContain(`-k ${hp.k}`);
    expect(r.text).toContain(`--expansion_factor ${hp.expansionFactor}`);
  });

  it.skipIf(!py)(`the SAELens script parses (python3 -m py_compile${py ? '' : ': python3 is not installed, skipped'})`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-scaleout-'));
    try {
      for (const arch of ['standard', 'topk'] as const) {
        const f = path.join(dir, `train_${arch}.py`);
        writeFileSync(f, saelensScript(input({ hp: { ...hp, architecture: arch } })).text);
        execFileSync(py!, ['-m', 'py_compile', f], { stdio: 'pipe' });
      }
      // And the sparsify file is valid bash.
      const sh = path.join(dir, 'sparsify.sh');
      writeFileSync(sh, sparsifyCommand(input()).text);
      execFileSync('bash', ['-n', sh], { stdio: 'pipe' });
      // A script that does not parse would fail here: the check can fail.
      writeFileSync(path.join(dir, 'bad.py'), 'cfg = Config(\n');
      expect(() => execFileSync(py!, ['-m', 'py_compile', path.join(dir, 'bad.py')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
