import { parseArgs } from 'node:util';
import { createCore } from '../core';
import { resolveDataDir } from '../core/data-dir';
import { runDoctor } from './doctor';
import { runGenerate } from './generate';
import { runServe } from './serve';
import { runSteer } from './steer';

const USAGE = `Usage: mistudio <command> [options]

Commands:
  serve      Run the app headless and serve the UI to a browser (prints the URL with its token)
  doctor     Report versions, compute backends, GPUs, data dir and database
             --self-test  also run the doctor self-test job and print its checks
             --json       machine-readable output
  generate   Generate text with a model (default: the bundled demo model)
             --prompt TEXT  --model FOLDER|ID|NAME  --max-tokens N (60)  --temperature T (0.8; 0 = greedy)
             --top-p P (0.95)  --top-k K (50)  --seed S (42)  --provider auto|cpu|cuda|dml|coreml|webgpu
  steer      Steered vs unsteered generation with SAE features, and the measured effects (docs/steering.md)
             --sae DIR (SAELens folder)  --prompt TEXT  --feature F:COEF[:additive|clamp] (repeatable; COEF in units of the scale)
             --scale F:VALUE (the feature's max activation; default: its max activation on the prompt)
             --mode additive|clamp (of features that name none; of the swept one)  --positions all|prompt|generated  --hook NAME (default: the SAE's)
             --samples N (1)  --sweep F --coefficients a,b,c  [--targets id,id (default: logit-lens top 10)]
             --model, --max-tokens (40), --temperature, --top-p, --top-k, --seed, --provider as for generate; --json

Options (all commands):
  --data-dir DIR   where miStudio keeps its data (default: MISTUDIO_DATA_DIR or the app's folder)
serve options:
  --port N         port (default 5480; 0 = any free port)
  --host ADDR      bind address (default 127.0.0.1). Anything else exposes the app to
                   your network (the token is still required): pass it explicitly.
  --allow-host NAME  a host name the UI is opened at besides IP addresses, localhost and
                   this machine's name (repeatable; e.g. a DNS name for a Jetson box)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      'self-test': { type: 'boolean' },
      prompt: { type: 'string' },
      model: { type: 'string' },
      'max-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      'top-k': { type: 'string' },
      seed: { type: 'string' },
      provider: { type: 'string' },
      sae: { type: 'string' },
      hook: { type: 'string' },
      feature: { type: 'string', multiple: true },
      scale: { type: 'string', multiple: true },
      mode: { type: 'string' },
      positions: { type: 'string' },
      samples: { type: 'string' },
      sweep: { type: 'string' },
      coefficients: { type: 'string' },
      targets: { type: 'string' },
    },
    strict: true,
  });
  const dataDir = resolveDataDir(values['data-dir']);
  if (command === 'serve') return runServe(dataDir, { port: values.port, host: values.host, allowHosts: values['allow-host'] ?? [] });
  // Model, prompt and sampling flags shared by generate and steer.
  const generation = {
    dataDir,
    model: values.model,
    prompt: values.prompt,
    maxTokens: values['max-tokens'],
    temperature: values.temperature,
    topP: values['top-p'],
    topK: values['top-k'],
    seed: values.seed,
    provider: values.provider,
  };
  if (command === 'generate') return runGenerate(generation);
  if (command === 'steer') {
    return runSteer({
      ...generation,
      sae: values.sae,
      hook: values.hook,
      feature: values.feature ?? [],
      scale: values.scale ?? [],
      mode: values.mode,
      positions: values.positions,
      samples: values.samples,
      sweep: values.sweep,
      coefficients: values.coefficients,
      targets: values.targets,
      json: values.json ?? false,
    });
  }
  if (command === 'doctor') {
    const core = await createCore({ dataDir, mode: 'serve' });
    try {
      return await runDoctor(core, { json: values.json ?? false, selfTest: values['self-test'] ?? false });
    } finally {
      await core.close();
    }
  }
  process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`mistudio: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
