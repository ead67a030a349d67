// A trainer's learning curve on the held-out sentences, for the experiments in
// docs/experiments.md: held-out loss, accuracy and each layer's per-head attention from the question word to
// its answer, untrained and every `every` steps. Informational: it checks nothing.
//   node tests/bench/learning-curve.mjs '{"task":"pronouns","layers":2,"width":32,"layerNorm":true,"lr":0.003}' 150 10
// (options as createTrainer takes them, steps, steps between evaluations; needs npm run build:wasm)
import { loadAttention } from '../../wasm/js/node.js';

const [options = '{}', steps = '1500', every = '10'] = process.argv.slice(2);
const attn = await loadAttention({ trainer: true });
const trainer = attn.createTrainer(JSON.parse(options));
console.log(`options ${JSON.stringify(trainer.options())}`);
console.log('step   loss  accuracy  attention on the answer (layer: heads)');
const line = (step) => {
  const e = trainer.evaluate();
  const layers = e.layerAttention.map((heads, l) => `${l + 1}: ${heads.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(
    `${String(step).padStart(4)}  ${e.loss.toFixed(3)}  ${e.accuracy.toFixed(3).padStart(8)}  ${layers.join('  ')}`,
  );
};
line(0); // untrained
for (let step = Number(every); step <= Number(steps); step += Number(every)) {
  trainer.step(Number(every));
  line(step);
}
trainer.dispose();
