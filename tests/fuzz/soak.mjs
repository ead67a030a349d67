// Training soak: trains through the JS API for a while and reports the memory before and after.
//   node --expose-gc tests/fuzz/soak.mjs [seconds = 600]
// One long-lived trainer steps all the time (reset every 20,000 steps, attention, predict and
// evaluate in between) while short-lived trainers of every shape are created and disposed
// beside it. Fails (exit 1) if the wasm heap grew or malloc's bytes in use moved by more than
// its 16-byte wobble; prints the figures either way.
import { loadAttention } from '../../wasm/js/node.js';

const seconds = Number(process.argv[2] ?? 600);
const attn = await loadAttention();
const jsHeap = () => {
  globalThis.gc?.(); // only with --expose-gc; without it the JS figure is indicative
  return process.memoryUsage().heapUsed;
};

const SHAPES = [
  { task: 'adjectives', heads: 1, layerNorm: false },
  { task: 'pronouns', heads: 2, layerNorm: true },
  { task: 'adjectives', heads: 4, layerNorm: true, optimizer: 'sgd', momentum: 0.9 },
  { task: 'pronouns', heads: 1, width: 32, batch: 64 },
];

function shortLived(i) {
  const t = attn.createTrainer({ ...SHAPES[i % SHAPES.length], seed: i });
  const [sentence] = t.sample(1);
  t.step(50);
  t.attention(sentence);
  t.predict(sentence);
  t.dispose();
}

const start = { wasm: attn.heapStats(), js: jsHeap() };
const main = attn.createTrainer({ seed: 7 });
const [probe] = main.sample(1);
// Warm-up: every shape once and a first round of the loop below, so allocator pools and
// embind caches exist before the first measurement.
SHAPES.forEach((_, i) => shortLived(i));
main.step(1000);
main.evaluate();
main.reset(7);
main.step(1); // the optimiser's state exists from the first step after a reset
const before = { wasm: attn.heapStats(), js: jsHeap() };

const began = performance.now();
let steps = 0;
let trainers = 0;
let last;
while (performance.now() - began < seconds * 1000) {
  last = main.step(1000);
  steps += 1000;
  main.attention(probe);
  main.predict(probe);
  if (steps % 20_000 === 0) {
    main.evaluate();
    main.reset(steps);
  }
  shortLived(trainers++);
}
main.step(1); // as before the loop, whether or not it ended on a reset
const after = { wasm: attn.heapStats(), js: jsHeap() };
main.dispose();
const end = attn.heapStats();

const minutes = (performance.now() - began) / 60_000;
console.log(
  `soak: ${minutes.toFixed(1)} min, ${steps} steps (last loss ${last?.loss.toFixed(3)}), ${trainers} trainers created and disposed`,
);
console.log(`soak: wasm heap ${before.wasm.heapBytes} -> ${after.wasm.heapBytes} bytes`);
console.log(
  `soak: malloc in use ${before.wasm.allocatedBytes} -> ${after.wasm.allocatedBytes} bytes; after dispose ${end.allocatedBytes} (start ${start.wasm.allocatedBytes})`,
);
console.log(
  `soak: embind handles ${before.wasm.jsHandles} -> ${after.wasm.jsHandles}; JS heap used ${before.js} -> ${after.js} bytes`,
);
const grew =
  after.wasm.heapBytes !== before.wasm.heapBytes ||
  Math.abs(after.wasm.allocatedBytes - before.wasm.allocatedBytes) > 64 ||
  Math.abs(end.allocatedBytes - start.wasm.allocatedBytes) > 64 ||
  after.wasm.jsHandles !== before.wasm.jsHandles;
if (grew) {
  console.error('soak: memory grew');
  process.exit(1);
}
