// Translator benchmark (npm run bench:translate): the default configuration's steps per second
// natively (tests/bench/translate_native.cpp) and in both wasm builds under Node; in the SIMD
// build (what the lesson's worker loads where WebAssembly SIMD runs) the steps and seconds of
// training the default model needs to translate >= 95% of the held-out sample exactly, and
// where its last decoder layer's cross-attention then looks (a Hindi noun at its English noun,
// the verb at its English verb and at the subject); the same targets for seeds 1-5.
// Informational: never fails on speed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { loadAttention } from '../../wasm/js/node.js';

const STEPS = Number(process.env.BENCH_TRANSLATE_STEPS ?? 300);
const EVERY = 250; // steps between evaluations on the learning curve
const LIMIT = 20000;
const native = fileURLToPath(new URL('../../build/native/tests/bench/translate_native', import.meta.url));

if (!existsSync(native)) {
  console.error(`${native} is missing: run "npm run build:native" first`);
  process.exit(1);
}

const runs = 3; // best of three, interleaved: the machine is shared
const builds = { plain: await loadAttention({ simd: false }), simd: await loadAttention({ simd: true }) };
const rates = { native: [], plain: [], simd: [] };
for (let r = 0; r < runs; r++) {
  rates.native.push(JSON.parse(execFileSync(native, ['bench', String(STEPS)], { encoding: 'utf8' })).stepsPerSecond);
  for (const [name, build] of Object.entries(builds)) {
    const t = build.createTranslator();
    t.step(10);
    const start = performance.now();
    t.step(STEPS);
    rates[name].push(STEPS / ((performance.now() - start) / 1000));
    t.dispose();
  }
}
const nativeRate = Math.max(...rates.native);
const attn = builds.simd;
const probe = attn.createTranslator();
console.log(`translator benchmark, default configuration ${JSON.stringify(probe.options())}`);
probe.dispose();
console.log(`  native:      ${nativeRate.toFixed(0)} steps/s (${STEPS} steps, best of ${runs})`);
for (const name of ['plain', 'simd']) {
  const rate = Math.max(...rates[name]);
  console.log(`  wasm ${name.padEnd(6)} ${rate.toFixed(0)} steps/s, ${(rate / nativeRate).toFixed(2)}x native`);
}

const best = (xs) => Math.max(...xs);
const fixed = (xs) => xs.map((x) => x.toFixed(2)).join(', ');

// Trains one model in steps of EVERY until the held-out exact match has been >= 95% at two
// evaluations in a row (or LIMIT steps); seconds count step() calls only, not evaluate().
function train(seed) {
  const t = attn.createTranslator({ seed });
  let seconds = 0;
  let first = null;
  let held = null;
  const curve = [];
  for (let step = EVERY; step <= LIMIT && held === null; step += EVERY) {
    const start = performance.now();
    t.step(EVERY);
    seconds += (performance.now() - start) / 1000;
    const e = t.evaluate();
    curve.push(e.exactMatch);
    if (e.exactMatch >= 0.95) {
      first ??= { step, seconds, exactMatch: e.exactMatch };
      if (curve.length >= 2 && curve.at(-2) >= 0.95) held = { step, seconds, exactMatch: e.exactMatch };
    } else {
      first = null;
    }
  }
  return { t, first, held, curve, rate: (curve.length * EVERY) / seconds };
}

const { t, first, held, curve, rate } = train(1);
console.log(`\ndefault model (seed 1), wasm SIMD, evaluated every ${EVERY} steps:`);
console.log(`  held-out exact match: ${fixed(curve)}`);
if (first) {
  console.log(
    `  >= 95% from step ${first.step} on (${(first.exactMatch * 100).toFixed(1)}%), after ${first.seconds.toFixed(2)} s ` +
      `of training at ${rate.toFixed(0)} steps/s; again at step ${held.step} (${held.seconds.toFixed(2)} s)`,
  );
} else {
  console.log(`  did not reach 95% within ${LIMIT} steps`);
}
const r = t.attentionReport();
console.log(`  last decoder layer's cross-attention, per head, averaged over the held-out sample:`);
console.log(
  `    Hindi noun -> its English noun:        ${fixed(r.nounOnNoun)} (best ${best(r.nounOnNoun).toFixed(2)}; goal >= 0.5)`,
);
console.log(`    Hindi verb -> its English verb:        ${fixed(r.verbOnVerb)}`);
console.log(`    Hindi verb -> the English subject:     ${fixed(r.verbOnSubject)}`);
console.log(`    Hindi adjective -> its English noun:   ${fixed(r.adjectiveOnNoun)}`);
console.log(
  `  its masked self-attention: Hindi verb -> the Hindi subject written before it: ${fixed(r.verbOnHindiSubject)}`,
);
const example = t.translate('the small girl reads a new book');
console.log(`  "the small girl reads a new book" -> ${example.output.join(' ')} (${example.romanized.join(' ')})`);
t.dispose();

console.log('\nseeds 1-5 (default options otherwise):');
for (let seed = 1; seed <= 5; seed++) {
  const run = seed === 1 ? { first, held, rate } : train(seed);
  const report = run.t?.attentionReport();
  run.t?.dispose();
  console.log(
    `  seed ${seed}: ` +
      (run.first
        ? `>= 95% from step ${run.first.step} (${run.first.seconds.toFixed(2)} s)` +
          (report ? `, noun -> noun best head ${best(report.nounOnNoun).toFixed(2)}` : '')
        : `not >= 95% within ${LIMIT} steps`),
  );
}
