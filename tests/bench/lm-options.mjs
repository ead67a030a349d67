// The language model's options of issue 21 measured (docs/experiments.md, "Positions, shared keys
// and values, attention sinks"): trains with tests/bench/lm_options_native.cpp, one process per
// model, and prints what each experiment found. Informational: never fails.
//
//   node tests/bench/lm-options.mjs sinks    # induction model, standard and plusOne, seeds 1-5
//   node tests/bench/lm-options.mjs gqa      # heads 4, kvHeads 1, 2, 4, seeds 1-3
//   node tests/bench/lm-options.mjs length   # trained on 16 letters, copy at 16 and 32, seeds 1-3
//   node tests/bench/lm-options.mjs speed    # steps/s natively and in the wasm SIMD build
//
// After `npm run build:native` (and the wasm build for speed). Run it at `nice` on a shared machine:
// the steps are exact, the seconds only as good as the machine's load.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const native = fileURLToPath(new URL('../../build/native/tests/bench/lm_options_native', import.meta.url));
if (!existsSync(native)) {
  console.error(`${native} is missing: run "npm run build:native" first`);
  process.exit(1);
}

/** Runs one model; its evaluation lines and summary. */
function train(options) {
  const args = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  const lines = execFileSync(native, args, { encoding: 'utf8', maxBuffer: 1 << 26 })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  return { evaluations: lines.filter((l) => !l.summary), summary: lines.find((l) => l.summary) };
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const fixed = (x, digits = 2) => x.toFixed(digits);
const firstAt = (evaluations, target) => evaluations.find((e) => e.copy >= target)?.step;

const experiments = {
  // Attention sinks: the default induction model to 95% copy accuracy (or 5,000 steps); its
  // induction head found two ways (highest prefix matching; the last layer's head whose ablation
  // costs copying most) and where that head's weight goes at the positions whose letter is new.
  sinks() {
    for (const softmax of ['standard', 'plusOne']) {
      console.log(`softmax ${softmax}: seed, steps, copy, head by prefix matching (score) -> on <bos>, total;`);
      console.log('  head by ablation (copy without it) -> on <bos>, total; the same outside the repeat');
      for (const seed of [1, 2, 3, 4, 5]) {
        const s = train({ seed, softmax, target: 0.95, steps: 5000, every: 100 }).summary;
        console.log(
          `  seed ${seed}: ${s.step} steps, copy ${pct(s.copy)}; L${s.head[0] + 1}H${s.head[1]} (${fixed(s.prefix)}) -> ` +
            `${fixed(s.sinkFirst)}, ${fixed(s.sinkTotal)}; L${s.ablationHead[0] + 1}H${s.ablationHead[1]} ` +
            `(${pct(s.ablatedCopy)}) -> ${fixed(s.ablationSinkFirst)}, ${fixed(s.ablationSinkTotal)}; outside the ` +
            `repeat ${fixed(s.ablationOutsideFirst)}, ${fixed(s.ablationOutsideTotal)}`,
        );
      }
    }
  },
  // Grouped-query attention: 4 heads of width 8 sharing 1, 2 or 4 key/value heads, 3,000 steps.
  gqa() {
    for (const kv of [4, 2, 1]) {
      for (const seed of [1, 2, 3]) {
        const { evaluations, summary } = train({ seed, heads: 4, kv_heads: kv, steps: 3000, every: 100 });
        const cpu = (step) => evaluations.find((e) => e.step === step).cpuSeconds;
        const at = (step) => pct(evaluations.find((e) => e.step === step).copy);
        console.log(
          `kvHeads ${kv}, seed ${seed}: copy ${at(1000)} at 1,000 steps, ${at(2000)} at 2,000, ${at(3000)} at ` +
            `3,000; 95% first at ${firstAt(evaluations, 0.95) ?? 'never'}; ${fixed(cpu(3000), 1)} CPU s; ` +
            `cache after 32 tokens ${summary.cacheEntries32} numbers (${summary.cacheEntries32 * 8} bytes)`,
        );
      }
    }
  },
  // Length generalisation: trained on 16 letters, copy accuracy on held-out sequences of 16 and
  // 32 letters as training goes.
  length() {
    for (const positions of ['none', 'sinusoidal', 'rope', 'learned']) {
      for (const seed of [1, 2, 3]) {
        const { evaluations, summary } = train({ seed, positions, length: 16, at: '16,32', steps: 3000, every: 100 });
        const at = (step) => {
          const e = evaluations.find((x) => x.step === step);
          return `${pct(e.at['16'])} / ${pct(e.at['32'])}`;
        };
        console.log(
          `${positions}, seed ${seed}: copy at 16 / 32 letters: ${at(500)} at 500 steps, ${at(1000)} at 1,000, ` +
            `${at(2000)} at 2,000, ${at(3000)} at 3,000; 95% at 16 first at ${firstAt(evaluations, 0.95) ?? 'never'}; ` +
            `${fixed(summary.cpuSeconds, 1)} CPU s`,
        );
      }
    }
  },
  // Steps per second of CPU time natively and in the wasm SIMD build under Node (best of 3,
  // interleaved): CPU time, because on the shared machine wall time measured the load.
  async speed() {
    const { loadAttention } = await import('../../wasm/js/node.js');
    const attn = await loadAttention({ simd: true });
    const configs = [
      [{}, {}],
      [{ length: 16 }, { length: 16 }],
      [{ heads: 4 }, { heads: 4 }],
      [
        { heads: 4, kvHeads: 1 },
        { heads: 4, kv_heads: 1 },
      ],
      [
        { positions: 'rope', length: 16 },
        { positions: 'rope', length: 16 },
      ],
      [{ softmax: 'plusOne' }, { softmax: 'plusOne' }],
    ];
    const STEPS = 200;
    for (const [js, cpp] of configs) {
      const rates = { native: [], wasm: [] };
      for (let r = 0; r < 3; r++) {
        rates.native.push(STEPS / train({ ...cpp, steps: STEPS, every: STEPS }).summary.cpuSeconds);
        const m = attn.createLanguageModel(js);
        m.step(5);
        const start = process.cpuUsage();
        m.step(STEPS);
        const { user, system } = process.cpuUsage(start);
        rates.wasm.push(STEPS / ((user + system) / 1e6));
        m.dispose();
      }
      const best = (xs) => Math.max(...xs).toFixed(0);
      console.log(`${JSON.stringify(js)}: ${best(rates.native)} steps/s native, ${best(rates.wasm)} wasm SIMD`);
    }
  },
};

const which = process.argv[2];
if (!experiments[which]) {
  console.error(`usage: node tests/bench/lm-options.mjs ${Object.keys(experiments).join('|')}`);
  process.exit(2);
}
await experiments[which]();
