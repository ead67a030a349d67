// The training demo through the public JS API (attn.createTrainer): learning
// from a fixed seed, agreement with the native build, errors, and memory.
// Targets are counted in steps, never in seconds (timings: npm run bench:train).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { loadAttention } from '../../wasm/js/node.js';

const nativeTrainer = fileURLToPath(new URL('../../build/native/tests/bench/train_native', import.meta.url));

let attn;
before(async () => {
  attn = await loadAttention();
});

describe('createTrainer', () => {
  test('every option has the documented default', () => {
    const t = attn.createTrainer();
    assert.deepEqual(t.options(), {
      task: 'adjectives',
      seed: 1,
      layers: 1,
      heads: 1,
      width: 16,
      lr: 0.01,
      optimizer: 'adam',
      layerNorm: false,
      batch: 32,
      momentum: 0,
      clip: 1,
    });
    t.dispose();
  });

  test('from the default seed it learns to attend from adjective to noun within 3,000 steps', () => {
    const t = attn.createTrainer();
    const first = t.step(1);
    assert.equal(first.step, 1);
    assert.ok(Math.abs(first.loss - Math.log(8)) < 0.1 * Math.log(8), `starting loss ${first.loss} (ln 8 = 2.08)`);
    const before = t.evaluate();
    assert.ok(before.accuracy < 0.5 && before.attention < 0.5, JSON.stringify(before));
    let reached = null;
    let last;
    while (reached === null && t.options() && (last = t.step(50)).step < 3000) {
      const e = t.evaluate();
      if (e.accuracy >= 0.95 && e.attention >= 0.8) reached = { step: last.step, ...e };
    }
    assert.ok(reached, 'targets (held-out accuracy >= 0.95, attention >= 0.8) not reached in 3,000 steps');
    assert.ok(last.loss < first.loss / 10, `training loss ${last.loss} vs ${first.loss} at step 1`);
    // The model names the noun by looking at it: "fast" attends to "cars".
    const m = t.attention('the old cars are really fast');
    assert.deepEqual(m.tokens, ['the', 'old', 'cars', 'are', 'really', 'fast']);
    assert.ok(m.weights[0][5][2] > 0.8, `fast -> cars ${m.weights[0][5][2]}`);
    assert.equal(t.predict('books are amazing but the old cars are really fast').word, 'cars');
    console.log(
      `targets reached at step ${reached.step}: accuracy ${reached.accuracy}, attention ${reached.attention}`,
    );
    t.dispose();
  });

  test('an untrained model is near chance: loss within 10% of ln(classes), no answer much above 1 / classes', () => {
    for (const options of [{}, { heads: 2, layerNorm: true }, { task: 'pronouns', layers: 2, width: 32 }]) {
      const t = attn.createTrainer(options);
      const classes = t.predict(t.sample(1)[0]).candidates.length;
      const { loss } = t.evaluate();
      const chance = Math.log(classes);
      assert.ok(
        Math.abs(loss - chance) <= 0.1 * chance,
        `${JSON.stringify(options)}: loss ${loss}, ln ${classes} = ${chance}`,
      );
      t.dispose();
    }
    const t = attn.createTrainer();
    const { probabilities } = t.predict('the old cars are fast');
    assert.ok(Math.max(...probabilities) < 2 / probabilities.length, `untrained answer: ${probabilities}`);
    t.dispose();
  });

  // Both builds: the plain one and the -msimd128 one (which sums in another order).
  for (const simd of [false, true]) {
    test(`wasm (${simd ? 'SIMD' : 'plain'} build) and native agree to 1e-6 over the first 100 steps`, async () => {
      assert.ok(
        existsSync(nativeTrainer),
        `${nativeTrainer} is missing: run "npm run build:native" first (npm test does)`,
      );
      const cases = JSON.parse(execFileSync(nativeTrainer, ['losses'], { encoding: 'utf8' }));
      assert.equal(cases.length, 4);
      const build = await loadAttention({ simd });
      for (const { options, losses, evaluate } of cases) {
        const t = build.createTrainer(options);
        losses.forEach((expected, i) => {
          const { loss } = t.step(1);
          const rel = Math.abs(loss - expected) / Math.abs(expected);
          assert.ok(rel <= 1e-6, `${JSON.stringify(options)} step ${i + 1}: wasm ${loss} vs native ${expected}`);
        });
        const e = t.evaluate();
        for (const key of ['loss', 'accuracy', 'attention']) {
          assert.ok(Math.abs(e[key] - evaluate[key]) <= 1e-6 * Math.max(1, Math.abs(evaluate[key])), key);
        }
        assert.equal(e.layerAttention.length, evaluate.layerAttention.length);
        e.layerAttention.forEach((heads, l) =>
          heads.forEach((a, h) =>
            assert.ok(Math.abs(a - evaluate.layerAttention[l][h]) <= 1e-6, `layer ${l} head ${h}`),
          ),
        );
        t.dispose();
      }
    });
  }

  test('the same seed gives the same run; reset(seed) starts it again', () => {
    const a = attn.createTrainer({ seed: 5 });
    const b = attn.createTrainer({ seed: 5 });
    const c = attn.createTrainer({ seed: 6 });
    const runA = [a.step(3), a.step(3)];
    assert.deepEqual([b.step(3), b.step(3)], runA);
    assert.notDeepEqual([c.step(3), c.step(3)], runA);
    c.reset(5);
    assert.deepEqual([c.step(3), c.step(3)], runA);
    a.reset(); // the current seed (5)
    assert.deepEqual([a.step(3), a.step(3)], runA);
    for (const t of [a, b, c]) t.dispose();
  });
});

describe('what the page shows', () => {
  test('attention weights are [head][i][j], each row sums to 1', () => {
    const t = attn.createTrainer({ heads: 2, width: 8 });
    const m = t.attention('I think the cars are amazing!');
    assert.deepEqual(m.tokens, ['i', 'think', 'the', 'cars', 'are', 'amazing']);
    assert.equal(m.weights.length, 2);
    for (const head of m.weights) {
      assert.equal(head.length, 6);
      for (const row of head) {
        assert.equal(row.length, 6);
        assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) < 1e-12);
      }
    }
    assert.equal(m.layers.length, 1);
    assert.deepEqual(m.layers[0], m.weights);
    t.dispose();
  });

  test('two layers: attention per layer [layer][head][i][j], evaluate per layer and head', () => {
    const t = attn.createTrainer({ task: 'pronouns', layers: 2, heads: 2 });
    assert.equal(t.options().layers, 2);
    const m = t.attention("the animal didn't cross the street because it was tired");
    assert.equal(m.layers.length, 2);
    assert.deepEqual(m.weights, m.layers[1]); // the last layer's, as for one layer
    assert.notDeepEqual(m.layers[0], m.layers[1]);
    for (const layer of m.layers) {
      assert.equal(layer.length, 2);
      for (const head of layer) {
        assert.equal(head.length, 10);
        for (const row of head) assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) < 1e-12);
      }
    }
    const e = t.evaluate();
    assert.equal(e.layerAttention.length, 2);
    assert.deepEqual(e.layerAttention[1], e.headAttention);
    assert.ok(Math.abs(e.attention - (e.headAttention[0] + e.headAttention[1]) / 2) < 1e-12);
    t.dispose();
  });

  test('predict answers at the last adjective with a probability per noun', () => {
    const t = attn.createTrainer();
    const p = t.predict('cars are fast and books are loud');
    assert.equal(p.position, 6);
    assert.deepEqual(p.candidates, ['transformers', 'cars', 'books', 'cats', 'dogs', 'movies', 'songs', 'robots']);
    assert.equal(p.probabilities.length, 8);
    assert.ok(Math.abs(p.probabilities.reduce((s, x) => s + x, 0) - 1) < 1e-12);
    assert.equal(p.word, p.candidates[p.probabilities.indexOf(Math.max(...p.probabilities))]);
    t.dispose();
  });

  test('vocabulary, sample, learning rate, the pronoun task', () => {
    const t = attn.createTrainer();
    const words = t.vocabulary();
    assert.ok(words.includes('transformers') && words.includes('amazing'));
    const sentences = t.sample(4);
    assert.equal(sentences.length, 4);
    for (const s of sentences) for (const w of s.split(' ')) assert.ok(words.includes(w), w);
    t.setLearningRate(0.002);
    assert.equal(t.options().lr, 0.002);
    t.dispose();
    const p = attn.createTrainer({ task: 'pronouns' });
    const answer = p.predict("The animal didn't cross the street because it was tired.");
    assert.equal(answer.tokens[answer.position], 'it');
    assert.ok(answer.candidates.includes('animal') && answer.candidates.includes('street'));
    p.dispose();
  });
});

describe('bad input', () => {
  test('invalid options throw an Error naming the problem', () => {
    const cases = [
      [{ heads: 3 }, /width 16 is not divisible by heads 3/],
      [{ heads: 0 }, /heads must be 1 to 4/],
      [{ width: 64 }, /width must be 4 to 32/],
      [{ heads: 1.5 }, /heads must be a whole number/],
      [{ layers: 0 }, /layers must be 1 or 2, got 0/],
      [{ layers: 3 }, /layers must be 1 or 2, got 3/],
      [{ layers: '2' }, /layers must be a whole number, got the text "2"/],
      [{ layers: NaN }, /layers must be a whole number/],
      [{ lr: 0 }, /learning rate/],
      [{ lr: NaN }, /learning rate/],
      [{ lr: '0.1' }, /lr must be a number, got the text "0.1"/],
      [{ optimizer: 'rmsprop' }, /unknown optimizer 'rmsprop'/],
      [{ task: 'poems' }, /unknown task 'poems'/],
      [{ batch: 0 }, /batch must be 1 to 256/],
      [{ seed: -1 }, /seed must be a whole number/],
      [{ seed: 1.5 }, /seed must be a whole number/],
      [{ layerNorm: 'yes' }, /layerNorm must be true or false/],
      [{ heds: 2 }, /unknown trainer option "heds"/],
      [null, /options must be an object/],
    ];
    for (const [options, message] of cases) assert.throws(() => attn.createTrainer(options), message);
  });

  test('bad sentences and calls throw clear Errors and the module keeps working', () => {
    const t = attn.createTrainer();
    assert.throws(() => t.attention('transformers are awesome'), /unknown word 'awesome'/);
    assert.throws(() => t.attention('<img src=x onerror=alert(1)>'), /unknown word '<img'/);
    assert.throws(() => t.attention(''), /empty/);
    assert.throws(() => t.attention('cars '.repeat(10000)), /sentence has 50,000 characters, more than 300/);
    assert.throws(() => t.attention('cars '.repeat(40)), /too long: at most 32 words/);
    assert.throws(() => t.attention(42), /sentence must be text/);
    assert.throws(() => t.predict('the old cars'), /no word to ask about/);
    assert.throws(() => t.step(0), /step count must be 1 to 100000/);
    assert.throws(() => t.step('10'), /step count must be a whole number/);
    assert.throws(() => t.setLearningRate(-1), /learning rate/);
    assert.throws(() => t.sample(1000), /sample size/);
    assert.equal(t.step(2).step, 2);
    assert.deepEqual(attn.softmax([8, 2, 5]).length, 3);
    t.dispose();
    assert.throws(() => t.step(1), /disposed/);
  });

  test('a step(n) that diverges is taken back whole, as docs/api.md says', () => {
    const options = { optimizer: 'sgd', lr: 10, clip: 0, momentum: 0.5 };
    const probe = attn.createTrainer(options);
    let k = 0;
    for (let i = 1; i <= 50 && k === 0; i++) {
      try {
        probe.step(1);
      } catch {
        k = i;
      }
    }
    probe.dispose();
    assert.ok(k >= 3, `diverged at step ${k}: too early to have steps to take back`);
    const t = attn.createTrainer(options);
    t.step(1);
    const before = t.attention('the old cars are really fast').weights;
    assert.throws(() => t.step(k + 5), new RegExp(`diverged at step ${k} .* back at step 1,`));
    assert.deepEqual(t.attention('the old cars are really fast').weights, before);
    const fresh = attn.createTrainer(options);
    fresh.step(1);
    assert.deepEqual(t.step(k - 2), fresh.step(k - 2)); // the same sentences and momentum as before
    for (const x of [t, fresh]) x.dispose();
  });

  test('a far too high learning rate stops with a message, never NaN', () => {
    const t = attn.createTrainer({ optimizer: 'sgd', lr: 10, clip: 0 });
    let stopped = false;
    for (let i = 0; i < 100 && !stopped; i++) {
      try {
        assert.ok(Number.isFinite(t.step(10).loss));
      } catch (e) {
        assert.match(e.message, /lower the learning rate/);
        stopped = true;
      }
    }
    assert.ok(stopped, 'seed 1 diverges within the first 10 steps');
    const e = t.evaluate();
    assert.ok(Number.isFinite(e.loss) && Number.isFinite(e.attention));
    t.dispose();
  });
});

describe('the browser entry (wasm/js/browser.js)', () => {
  // Served over HTTP as a browser would fetch it (Node's fetch reads no file: URLs).
  test('loadAttention({ trainer: true }) has createTrainer; the default engine says how to get it', async () => {
    const build = fileURLToPath(new URL('../../build/', import.meta.url));
    const server = createServer((request, response) => {
      readFile(build + request.url.slice(1)).then(
        (body) => response.writeHead(200, { 'content-type': 'application/wasm' }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      const browser = await import('../../wasm/js/browser.js');
      const withTrainer = await browser.loadAttention({ trainer: true, wasmUrl: `${base}/wasm-simd/attention.wasm` });
      const t = withTrainer.createTrainer({ seed: 5 });
      const reference = (await loadAttention({ simd: true })).createTrainer({ seed: 5 }); // the same binary
      assert.deepEqual(t.step(3), reference.step(3));
      for (const x of [t, reference]) x.dispose();
      const engine = await browser.loadAttention({ wasmUrl: `${base}/wasm-simd/engine.wasm` });
      assert.deepEqual(engine.softmax([0, 0]), [0.5, 0.5]);
      assert.throws(
        () => engine.createTrainer(),
        /loaded without the trainer: use loadAttention\(\{ trainer: true \}\)/,
      );
    } finally {
      server.close();
    }
  });
});

describe('what a learner may type', () => {
  test('a lone UTF-16 surrogate is one unknown character, not a swallowed space', () => {
    const t = attn.createTrainer();
    // Emscripten's UTF-8 encoder paired the lone surrogate with the space after it, giving one
    // word 'cars\u{10020}are' ("unknown word 'cars...'") instead of the word 'cars\uFFFD'.
    assert.throws(() => t.attention('cars\uD800 are fast'), /unknown word 'cars\uFFFD':/);
    assert.throws(() => t.attention('\uDC00 cars are fast'), /unknown word '\uFFFD':/);
    // A well-formed pair is one character and stays one.
    assert.throws(() => t.attention('cars \u{1F600} fast'), /unknown word '\u{1F600}':/u);
    t.dispose();
  });

  test('a NUL in an option is shown in the message, which is not cut short', () => {
    assert.throws(
      () => attn.createTrainer({ task: 'po\0ems' }),
      (e) => e.message === "unknown task 'po?ems': choose 'adjectives' or 'pronouns'",
    );
    assert.throws(
      () => attn.createTrainer({ optimizer: 'rms\0prop' }),
      (e) => e.message === "unknown optimizer 'rms?prop': choose 'adam' or 'sgd'",
    );
  });
});

describe('memory', () => {
  // 5,000 steps, reset, 5,000 more (batch 8 to keep CI quick); the benchmark
  // does 100,000 + 100,000 at the default batch.
  test('training, reset and dispose do not grow the heap', () => {
    const start = attn.heapStats();
    const t = attn.createTrainer({ batch: 8 });
    t.step(5000);
    t.evaluate();
    t.attention('cars are fast');
    const afterFirst = attn.heapStats();
    t.reset(2);
    t.step(5000);
    t.evaluate();
    t.attention('cars are fast');
    const afterSecond = attn.heapStats();
    assert.equal(afterSecond.heapBytes, afterFirst.heapBytes);
    // malloc's count of bytes in use wobbles by a chunk or two (16 bytes) from
    // run to run without trending; a leak of one 8-byte block per step would
    // add 40,000 bytes here.
    assert.ok(
      Math.abs(afterSecond.allocatedBytes - afterFirst.allocatedBytes) <= 64,
      `${afterFirst.allocatedBytes} -> ${afterSecond.allocatedBytes} bytes`,
    );
    assert.equal(afterSecond.jsHandles, start.jsHandles);
    t.dispose();
    assert.ok(Math.abs(attn.heapStats().allocatedBytes - start.allocatedBytes) <= 64, 'dispose frees the trainer');
  });

  test("step()'s figures stay right after the wasm heap grows (which detaches views of it)", () => {
    const t = attn.createTrainer({ seed: 3 });
    const reference = attn.createTrainer({ seed: 3 });
    assert.deepEqual(t.step(2), reference.step(2));
    const before = attn.heapStats().heapBytes;
    // A 1,024-token attention (the engine's limit) needs 1,024 x 1,024 doubles per score matrix:
    // more than the heap has.
    const X = Array.from({ length: 1024 }, (_, i) => [Math.sin(i), Math.cos(i)]);
    const I = [
      [1, 0],
      [0, 1],
    ];
    attn.selfAttention({ X, Wq: I, Wk: I, Wv: I });
    assert.ok(attn.heapStats().heapBytes > before, 'the heap grew');
    const after = t.step(2);
    assert.equal(after.step, 4);
    assert.deepEqual(after, reference.step(2));
    for (const x of [t, reference]) x.dispose();
  });

  test('a trainer that is never disposed is freed once it is garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    const start = attn.heapStats().allocatedBytes;
    (() => {
      const forgotten = attn.createTrainer({ width: 32, batch: 64 });
      forgotten.step(2);
    })();
    assert.ok(attn.heapStats().allocatedBytes > start + 100000, 'the trainer holds memory until collected');
    // Finalizers run in a later task, after a collection that found the trainer unreachable.
    for (let i = 0; i < 50 && attn.heapStats().allocatedBytes > start + 64; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(attn.heapStats().allocatedBytes <= start + 64, `${start} -> ${attn.heapStats().allocatedBytes} bytes`);
  });
});
