// Optional check (needs node_modules/@huggingface/transformers): the demo model folder
// loads offline in transformers.js (AutoTokenizer + AutoModelForCausalLM, fp32) and its
// greedy generate() equals the PyTorch greedy continuation stored in reference.json.
//   node scripts/demo-model/check_transformersjs.mjs resources/demo-model
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, AutoModelForCausalLM, env } from '@huggingface/transformers';

const dir = path.resolve(process.argv[2] ?? 'resources/demo-model');
const ref = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8'));
env.allowRemoteModels = false;
env.localModelPath = path.dirname(dir) + '/';
const name = path.basename(dir);
const tok = await AutoTokenizer.from_pretrained(name);
const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32' });
const inputs = tok(ref.greedy_prompt);
const ids = Array.from(inputs.input_ids.data, Number);
if (JSON.stringify(ids) !== JSON.stringify(ref.greedy_prompt_ids)) throw new Error(`prompt ids differ: ${ids}`);
const n = ref.greedy_continuation_ids.length;
// min_new_tokens keeps generate() from stopping at <|endoftext|> (the reference has no EOS stop)
const out = await model.generate({ ...inputs, max_new_tokens: n, min_new_tokens: n, do_sample: false });
const got = out.tolist()[0].map(Number).slice(ids.length);
const ok = JSON.stringify(got) === JSON.stringify(ref.greedy_continuation_ids);
console.log(`transformers.js greedy ${ok ? 'matches' : 'DIFFERS from'} PyTorch: ${tok.decode(out[0])}`);
if (!ok) process.exit(1);
