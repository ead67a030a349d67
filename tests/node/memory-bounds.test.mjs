// What one call, or a model nobody disposes of, may cost in wasm memory, which never shrinks:
// the largest backward pass against the bound docs/testing.md states ("Bounds"), text refused
// before it is copied into wasm, and the ceiling on live models. Every declared model and text
// parameter is taken from the declarations, so a new one is held to the same bounds here.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { filled } from '../bench/inputs.mjs';

const MB = 2 ** 20;
// docs/testing.md, "Bounds": no single call grows the page's wasm memory past about 150 MB.
const CALL_BOUND = 150 * MB;

// Each test on a module of its own, its wasm memory at its start (16 MB), as the page's is: on
// a module an earlier test grew, a copy could fit in memory already there and go unseen.
const freshModule = () => loadAttention({ fresh: true });

test('selfAttentionBackward: at 1,024 x 409 refused by its own limit; the largest allowed at 1,024 tokens stays within the bound and gives its memory back', async () => {
  const fresh = await freshModule();
  const start = fresh.heapStats();
  const spec = (n, d) => ({
    X: filled(n, d, 1),
    Wq: filled(d, d, 2),
    Wk: filled(d, d, 3),
    Wv: filled(d, d, 4),
    dContext: filled(n, d, 5),
  });
  // Its gradients alone are 4.3 million numbers, past the per-call limit (as its trace is not):
  // this call took wasm memory from 16 to 184 MB and kept its 54 MB result until the next call.
  assert.throws(() => fresh.selfAttentionBackward(spec(1024, 409)), {
    message:
      'the backward pass over 1024 tokens would take 4,275,486 numbers, which exceeds the limit of 4,194,304 (32 MB) per call',
  });
  // Nothing kept but the message (a few dozen bytes).
  assert.ok(fresh.heapStats().allocatedBytes < start.allocatedBytes + 1024, 'nothing kept');
  const g = fresh.selfAttentionBackward(spec(1024, 370));
  assert.equal(g.dScores.length, 1024);
  const after = fresh.heapStats();
  assert.ok(
    after.heapBytes <= CALL_BOUND,
    `wasm memory ${start.heapBytes / MB} -> ${after.heapBytes / MB} MB, past the documented ${CALL_BOUND / MB} MB`,
  );
  // The result (4 million numbers, 32 MB) is freed once JS has copied it out, not at the next call.
  assert.ok(
    after.allocatedBytes < start.allocatedBytes + 1024,
    `malloc's bytes in use: ${start.allocatedBytes} -> ${after.allocatedBytes}`,
  );
});

// [model, method, parameter] for every declared text parameter.
const textParams = (attn) =>
  attn.models.flatMap((model) =>
    model.methods.flatMap((method) =>
      method.params.flatMap((param, i) =>
        param.kind === 'text' || param.kind === 'tokens' ? [{ model, method, param, i }] : [],
      ),
    ),
  );

// Arguments for a method: the declared example for every text parameter, `text` for parameter i.
const argsWith = (method, i, text) =>
  method.params.map((p, k) => (k === i ? text : p.kind === 'text' || p.kind === 'tokens' ? p.example : undefined));

test('every text parameter: text past its declared maxLength is refused, naming it, before it is copied into wasm', async () => {
  const attn = await freshModule();
  // A pasted novel: 50 million characters took translate() 7.6 s and left wasm memory at
  // 107 MB; predict() with 30 million took it from 172 to 288 MB.
  const novel = 'the boy eats an apple '.repeat(50e6 / 22);
  const found = textParams(attn);
  assert.ok(found.length >= 4, 'the trainer, translator and language model take text');
  for (const { model, method, param, i } of found) {
    const where = `${model.name}.${method.name}(${param.name})`;
    assert.ok(Number.isInteger(param.maxLength) && param.maxLength >= param.example.length, `${where}: maxLength`);
    // The language model's grammatical() reads only the sentences task.
    const session = attn[`create${model.name}`](model.name === 'LanguageModel' ? { task: 'sentences' } : {});
    try {
      const tooLong = `${param.name} has ${(param.maxLength + 1).toLocaleString('en-US')} characters, more than ${param.maxLength}`;
      assert.throws(() => session[method.name](...argsWith(method, i, 'a'.repeat(param.maxLength + 1))), {
        message: tooLong,
      });
      // At the bound the text is read (and refused, if at all, for what it says).
      try {
        session[method.name](...argsWith(method, i, 'a '.repeat(param.maxLength / 2)));
      } catch (e) {
        assert.doesNotMatch(e.message, /characters, more than/, where);
      }
      const heap = attn.heapStats();
      const t0 = performance.now();
      assert.throws(() => session[method.name](...argsWith(method, i, novel)), /characters, more than/, where);
      const ms = performance.now() - t0;
      assert.ok(ms < 500, `${where}: refused in ${ms.toFixed(0)} ms`);
      assert.deepEqual(attn.heapStats(), heap, `${where}: memory unchanged`);
      if (param.kind === 'tokens') {
        // An array's entries count together; one huge entry is refused as fast.
        const half = 'a'.repeat(param.maxLength / 2 + 1);
        assert.throws(() => session[method.name](...argsWith(method, i, [half, half])), {
          message: `${param.name} has ${param.maxLength + 2} characters, more than ${param.maxLength}`,
        });
        assert.throws(() => session[method.name](...argsWith(method, i, ['a', novel])), /characters, more than/);
        assert.deepEqual(attn.heapStats(), heap, `${where}: memory unchanged`);
      }
    } finally {
      session.dispose();
    }
  }
});

test('a choice option of 50 million characters is refused with the engine message, memory unchanged', async () => {
  const attn = await freshModule();
  const task = 'x'.repeat(50e6);
  const heap = attn.heapStats();
  const t0 = performance.now();
  assert.throws(() => attn.createTrainer({ task }), {
    message: "unknown task 'xxxxxxxxxxxxxxxxxxxxxxxx...': choose 'adjectives' or 'pronouns'",
  });
  assert.ok(performance.now() - t0 < 500);
  assert.deepEqual(attn.heapStats(), heap);
});

test('live models: at most attn.modelLimits.liveModels at once, of every kind together; dispose() makes room', async () => {
  const attn = await freshModule();
  const { liveModels } = attn.modelLimits;
  assert.ok(liveModels >= 8, 'the page keeps two per worker: far below');
  // Each model at its smallest (every whole-number option at its least), as many as allowed.
  const smallest = (model) =>
    Object.fromEntries(
      model.options
        .filter((o) => o.kind === 'integer' && !['seed', 'warmup'].includes(o.key))
        .map((o) => [o.key, o.min]),
    );
  const open = [];
  for (let i = 0; i < liveModels; i++) {
    const model = attn.models[i % attn.models.length];
    open.push(attn[`create${model.name}`](smallest(model)));
  }
  const heap = attn.heapStats();
  const refused = `too many live models: ${liveModels} are open, the limit is ${liveModels}: call dispose() on ones you no longer use`;
  for (const model of attn.models) assert.throws(() => attn[`create${model.name}`](), { message: refused }, model.name);
  // The case: 3,000 translators dropped without dispose() took wasm memory from 16 to
  // 995 MB. Every one is refused before it is made.
  for (let i = 0; i < 3000; i++) assert.throws(() => attn.createTranslator(), { message: refused });
  assert.deepEqual(attn.heapStats(), heap, 'nothing was made');
  open.pop().dispose();
  const again = attn.createTranslator();
  assert.equal(again.step(1).step, 1);
  for (const m of [again, ...open]) m.dispose();
  assert.ok(attn.createLanguageModel(), 'all disposed: room again');
});
