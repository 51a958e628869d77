// Optional check (needs node_modules/@huggingface/transformers): the demo tokenizer
// loads offline in transformers.js and gives the same ids as scripts/demo-model/bpe.py.
//   /usr/bin/python3 scripts/demo-model/bpe.py ids-for-check > /tmp/ids.json   (done by make-demo.sh)
//   node scripts/demo-model/check_tokenizer.mjs resources/demo-model /tmp/ids.json
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';

const dir = path.resolve(process.argv[2] ?? 'resources/demo-model');
const expected = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
env.allowRemoteModels = false;
env.localModelPath = path.dirname(dir) + '/';
const tok = await AutoTokenizer.from_pretrained(path.basename(dir));
let bad = 0;
for (const { text, ids } of expected) {
  const got = tok.encode(text, { add_special_tokens: false });
  const back = tok.decode(got);
  if (JSON.stringify(got) !== JSON.stringify(ids) || back !== text) {
    bad++;
    if (bad < 3) console.log('MISMATCH', text.slice(0, 80), got.slice(0, 20), ids.slice(0, 20));
  }
}
console.log(`${expected.length - bad}/${expected.length} texts: same ids as bpe.py and exact round-trip`);
if (bad) process.exit(1);
