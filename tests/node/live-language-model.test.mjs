// The language model's live description (web/src/models/language-model.js) driven by the live
// kit's worker session (web/src/live/session.js) on the real engine, as the page's worker runs
// it: what the lessons' widgets receive (views, the grid's head scores) and the questions they
// ask between steps. What training reaches is checked natively and timed by tests/bench/lm.mjs.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { session } from '../../web/src/live/session.js';
import models from '../../web/src/models/index.js';
import { EVAL_EVERY } from '../../web/src/models/language-model.js';

let attn;
before(async () => {
  attn = await loadAttention();
});

async function start(config, sentence) {
  const posted = [];
  const s = session({ post: (m) => posted.push(m), models, loadEngine: async () => attn });
  await s.init({ wasm: new ArrayBuffer(8), model: 'createLanguageModel' });
  s.configure({ config, sentence, generation: 1 });
  const last = (type) => posted.filter((m) => m.type === type).at(-1);
  return { s, posted, last };
}

const close = (a, b) => Math.abs(a - b) < 1e-12;

test('induction: the view has every head now and untrained, the grid carries the head scores', async () => {
  const { s, last } = await start({ task: 'induction', width: 16, batch: 4 }, 'a b c a b');
  const ready = last('ready');
  assert.equal(ready.every, EVAL_EVERY);
  assert.equal(ready.sentence, 'a b c a b');
  assert.equal(ready.vocabulary.length, 27); // 26 letters and <bos>
  assert.equal(ready.options.layers, 2);
  let p = last('progress');
  assert.deepEqual(p.view.tokens, ['<bos>', 'a', 'b', 'c', 'a', 'b']);
  assert.equal(p.view.now.length, 2); // layers
  assert.equal(p.view.now[0].length, 2); // heads
  assert.equal(p.view.now[1][1][5].length, 6);
  assert.deepEqual(p.view.now, p.view.before, 'at step 0 the model is its untrained twin');
  assert.ok(
    close(
      p.view.next.reduce((a, b) => a + b, 0),
      1,
    ),
  );
  const [start0] = p.grid;
  assert.equal(start0.step, 0);
  for (const key of ['heldOutLoss', 'copyAccuracy', 'accuracy', 'chance']) assert.ok(Number.isFinite(start0[key]), key);
  assert.equal(start0.prefixMatching.length, 2);
  assert.equal(start0.previousToken[1].length, 2);

  s.step({ n: EVAL_EVERY });
  p = last('progress');
  assert.deepEqual(
    p.grid.map((g) => g.step),
    [EVAL_EVERY],
  );
  assert.notDeepEqual(p.view.now, p.view.before, 'trained and untrained differ after a step');
});

test('questions: a seeded sample, the next word, and an ablation that gives the model back', async () => {
  const { s, posted, last } = await start({ task: 'sentences', width: 16, batch: 4 });
  assert.equal(last('ready').sentence, 'the');
  s.step({ n: 5 });
  const ask = (question, ...args) => {
    s.ask({ id: posted.length, question, args });
    return last('answered');
  };
  const a = ask('generate', 'the', { seed: 3, maxTokens: 4 });
  const b = ask('generate', 'the', { seed: 3, maxTokens: 4 });
  assert.ok(a.ok, a.message);
  assert.equal(a.step, 5);
  assert.deepEqual(a.value.tokens, b.value.tokens, 'the same seed, the same sample');
  assert.ok(a.value.steps.length >= 1);

  const next = ask('next', 'the');
  assert.equal(next.value.probabilities.length, next.value.vocabulary.length);

  const before = ask('ablation').value.baseline;
  const again = ask('ablation');
  assert.deepEqual(again.value.baseline, before, 'ablation restores every head');
  assert.equal(again.value.heads.length, 2);
  assert.equal(again.value.heads[0].length, 2);

  const bad = ask('generate', 'the zebra');
  assert.equal(bad.ok, false);
  assert.match(bad.message, /zebra/);
  assert.equal(ask('dispose').ok, false, 'only the described questions can be asked');
});

test('questions: samples judged by the grammar, and the share grammatical by temperature', async () => {
  const { s, posted, last } = await start({ task: 'sentences', width: 16, batch: 4 });
  s.step({ n: 5 });
  const ask = (question, ...args) => {
    s.ask({ id: posted.length, question, args });
    return last('answered');
  };
  const a = ask('samples', 'the', { temperature: 1, seed: 7 }, 4);
  assert.ok(a.ok, a.message);
  assert.equal(a.value.length, 4);
  for (const [k, sample] of a.value.entries()) {
    // Each sample is generate()'s at seed 7 + k, and its verdict is grammatical() of the whole.
    const g = attn.createLanguageModel({ task: 'sentences', width: 16, batch: 4 });
    g.step(5);
    const direct = g.generate('the', { temperature: 1, seed: 7 + k, maxTokens: 64 });
    assert.deepEqual(sample.tokens, direct.tokens);
    assert.equal(sample.grammatical, g.grammatical(['the', ...direct.tokens]));
    g.dispose();
  }
  const sweep = ask('sweep', '<bos>', [1, 3], 5);
  assert.ok(sweep.ok, sweep.message);
  assert.deepEqual(
    sweep.value.map((x) => [x.temperature, x.count]),
    [
      [1, 5],
      [3, 5],
    ],
  );
  for (const x of sweep.value) {
    const judged = ask('samples', '<bos>', { temperature: x.temperature, seed: 1 }, 5).value;
    assert.equal(x.share, judged.filter((j) => j.grammatical).length / 5);
  }
  for (const [args, message] of [
    [['samples', 'the', {}, 0], /whole number from 1 to 200, got 0/],
    [['samples', 'the', {}, 201], /whole number from 1 to 200, got 201/],
    [['samples', 'the zebra', {}, 2], /unknown word 'zebra'/],
    [['sweep', '<bos>', [], 5], /give 1 to 12 temperatures/],
    [['sweep', '<bos>', [NaN], 5], /temperature/],
  ]) {
    const r = ask(...args);
    assert.equal(r.ok, false, args.join(' '));
    assert.match(r.message, message);
  }
});

// Lesson 13's lm-variants widget: its worker trains in chunks with the grid's evaluations and
// the fence's metrics asked between them; its facts (the lesson's claims) train in one call.
test('lm-variants: figures measured between chunks are those of one uninterrupted run', async () => {
  const { measure } = await import('../../web/src/models/language-model/variant-metrics.js');
  const config = {
    task: 'induction',
    width: 16,
    batch: 4,
    length: 8,
    positions: 'rope',
    softmax: 'plusOne',
    heads: 2,
    kvHeads: 1,
  };
  const metrics = [{ kind: 'copy' }, { kind: 'copyAt', length: 16 }, { kind: 'sinkFirst' }, { kind: 'sinkTotal' }];
  const prompt = 'a b c d a b c d';
  const { s, posted } = await start(config, prompt);
  for (let i = 0; i < 2; i++) {
    s.step({ n: 50 });
    s.ask({ id: i, question: 'measure', args: [metrics, prompt] });
  }
  const asked = posted.filter((m) => m.type === 'answered').at(-1);
  assert.ok(asked.ok, asked.message);
  assert.equal(asked.step, 100);
  const model = attn.createLanguageModel(config);
  try {
    model.step(100);
    assert.deepEqual(asked.value, measure(model, metrics, prompt));
  } finally {
    model.dispose();
  }
});

test("lm-variants: the KV cache's bytes are generate()'s cacheEntries × 8 for every kvHeads", async () => {
  const { cacheBytes } = await import('../../web/src/models/language-model/variant-metrics.js');
  for (const kvHeads of [0, 1, 2, 4]) {
    const options = { task: 'induction', heads: 4, kvHeads, layers: 2, width: 32 };
    const model = attn.createLanguageModel(options);
    try {
      const { steps } = model.generate('a b c', { maxTokens: 4 });
      // After the step at position p the cache holds the tokens at positions 0 to p.
      for (const st of steps)
        assert.equal(cacheBytes(options, st.position + 1), 8 * st.cacheEntries, `kvHeads ${kvHeads}`);
    } finally {
      model.dispose();
    }
  }
});
