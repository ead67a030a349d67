// What the largest calls and a page that never disposes of its models do to wasm memory (which
// never shrinks), each on a module of its own from its start (16 MB): the figures docs/api.md
// ("Size limits") and docs/testing.md ("Bounds") state. Not part of npm test (the bounds are
// asserted by tests/node/memory-bounds.test.mjs); about a minute.
//   node tests/bench/memory.mjs          # ATTN_WASM_SIMD=0 for the plain build
import { loadAttention } from '../../wasm/js/node.js';
import { filled } from './inputs.mjs';

const MB = 2 ** 20;
const mb = (bytes) => `${Math.round(bytes / MB)} MB`;

/** [label, (attn) => text?]: each run on a fresh module; prints memory before and after. */
const head = (n, d, k = d, v = d) => ({
  X: filled(n, d, 1),
  Wq: filled(d, k, 2),
  Wk: filled(d, k, 3),
  Wv: filled(d, v, 4),
});
const runs = [
  ['selfAttention 1,024 x 409', (a) => a.selfAttention(head(1024, 409))],
  ['selfAttention 512 x 1,023', (a) => a.selfAttention(head(512, 1023))],
  [
    'feedForwardTrace 1,024 x 1,024',
    (a) => a.feedForwardTrace(filled(1024, 1024, 1), { W1: filled(1024, 1024, 2), W2: filled(1024, 1024, 3) }),
  ],
  [
    'selfAttentionBackward 1,024 x 370',
    (a) => a.selfAttentionBackward({ ...head(1024, 370), dContext: filled(1024, 370, 5) }),
  ],
  [
    'selfAttentionBackward 512 x 800',
    (a) => a.selfAttentionBackward({ ...head(512, 800), dContext: filled(512, 800, 5) }),
  ],
  [
    'selfAttentionBackward 1,024 x 1,024 (d_k 100, d_v 1)',
    (a) => a.selfAttentionBackward({ ...head(1024, 1024, 100, 1), dContext: filled(1024, 1, 5) }),
  ],
  [
    '3,000 translators never disposed',
    (a) => {
      for (let i = 0; i < 3000; i++) {
        try {
          a.createTranslator();
        } catch (e) {
          return `${i} made, then: ${e.message}`;
        }
      }
      return '3,000 made';
    },
  ],
  [
    'translate() of 50,000,000 characters',
    (a) => {
      const t = a.createTranslator();
      try {
        t.translate('the boy eats an apple '.repeat(50e6 / 22));
      } catch (e) {
        return e.message;
      }
      return 'translated';
    },
  ],
];

for (const [label, run] of runs) {
  const attn = await loadAttention({ fresh: true });
  const before = attn.heapStats();
  const t0 = performance.now();
  let said; // what a run says of itself, or the refusal
  try {
    const r = run(attn);
    if (typeof r === 'string') said = r;
  } catch (e) {
    said = e.message;
  }
  const ms = performance.now() - t0;
  const after = attn.heapStats();
  process.stdout.write(
    `${label}: wasm memory ${mb(before.heapBytes)} -> ${mb(after.heapBytes)}, in use after ${mb(after.allocatedBytes)}, ${Math.round(ms)} ms${said ? ` (${said})` : ''}\n`,
  );
}
