// The live kit's logic without a browser or the engine: the worker's session (web/src/live/
// session.js) driven by a fake engine whose figures are worked out by hand below, the models'
// descriptions it looks up, and the milestone ("95% at step N").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, describeProblem } from '../../web/src/live/session.js';
import { milestone } from '../../web/src/live/milestone.js';
import models from '../../web/src/models/index.js';

/**
 * A fake model: step(k) trains k steps and reports loss = k and accuracy = step / 100 (the step
 * reached), so the step-weighted means are easy to check; it cannot read a sentence with "zzz".
 */
function fakeModel(config, log) {
  let step = 0;
  return {
    step(k) {
      if (config.divergeAt && step + k >= config.divergeAt) throw new Error('the loss is not finite');
      step += k;
      log.push(k);
      return { step, loss: k, accuracy: step / 100 };
    },
    reset() {
      step = 0;
    },
    setLearningRate(lr) {
      if (!(lr > 0)) throw new Error('the learning rate must be > 0');
    },
    read(text) {
      if (text.includes('zzz')) throw new Error("unknown word 'zzz'");
      return { text, step };
    },
    at: () => step,
    dispose() {},
  };
}

const description = {
  every: 10,
  view: (model, twin, text) => ({ now: model.read(text), before: twin.read(text) }),
  evaluate: (model, step) => ({ step, heldout: model.at() }),
  point: () => ({ extra: 1 }),
  ready: () => ({ fields: { vocabulary: ['a', 'b'] }, sentence: 'a b' }),
};

/** A session as worker.js makes one, with loadEngine giving `engine` (for the bytes `wasm`). */
const sessionOf = (models, engine, posted = []) =>
  session({ post: (m) => posted.push(m), models, loadEngine: async () => engine });

async function start({ spec = description, config = {} } = {}) {
  const posted = [];
  const chunks = [];
  const s = sessionOf({ createFake: spec }, { createFake: (c) => fakeModel(c, chunks) }, posted);
  await s.init({ wasm: new ArrayBuffer(8), model: 'createFake' });
  s.configure({ config, sentence: 'b a', generation: 1 });
  return { s, posted, chunks, of: (type) => posted.filter((m) => m.type === type) };
}

test('configure: ready with the description fields, the grid size and the sentence, then step 0', async () => {
  const { posted } = await start();
  assert.deepEqual(
    posted.map((m) => m.type),
    ['ready', 'progress'],
  );
  assert.deepEqual(posted[0], { type: 'ready', generation: 1, every: 10, vocabulary: ['a', 'b'], sentence: 'b a' });
  const p = posted[1];
  assert.equal(p.step, 0);
  assert.deepEqual(p.point, { step: 0, trainLoss: null, trainAccuracy: null, extra: 1 });
  assert.deepEqual(p.grid, []);
  assert.deepEqual(p.view.now, { text: 'b a', step: 0 });
});

test('a sentence the model cannot read is replaced by the description fallback', async () => {
  const posted = [];
  const s = sessionOf({ createFake: description }, { createFake: (c) => fakeModel(c, []) }, posted);
  await s.init({ model: 'createFake' });
  s.configure({ config: {}, sentence: 'zzz', generation: 3 });
  assert.equal(posted[0].sentence, 'a b');
});

test('step(25) trains in slices that stop on the grid; figures are step-weighted means', async () => {
  const { s, of, chunks } = await start();
  s.step({ n: 25 });
  assert.deepEqual(chunks, [10, 10, 5]); // stops at 10 and 20 to evaluate there
  const p = of('progress').at(-1);
  assert.equal(p.step, 25);
  assert.deepEqual(
    p.grid.map((g) => g.step),
    [10, 20],
  );
  // loss: (10*10 + 10*10 + 5*5) / 25 = 9; accuracy: (10*0.10 + 10*0.20 + 5*0.25) / 25 = 0.17
  assert.equal(p.point.trainLoss, 9);
  assert.ok(Math.abs(p.point.trainAccuracy - 0.17) < 1e-12, String(p.point.trainAccuracy));
  s.step({ n: 5 }); // 25 -> 30: one grid step, the figures of these 5 steps only
  const q = of('progress').at(-1);
  assert.deepEqual(
    q.grid.map((g) => g.step),
    [30],
  );
  assert.equal(q.point.trainLoss, 5);
});

test('evaluateAtStart puts step 0 into the first grid; reset echoes the generation and starts over', async () => {
  const { s, of } = await start({ spec: { ...description, evaluateAtStart: true } });
  assert.deepEqual(
    of('progress')[0].grid.map((g) => g.step),
    [0],
  );
  s.step({ n: 12 });
  s.reset({ generation: 2 });
  const p = of('progress').at(-1);
  assert.equal(p.generation, 2);
  assert.equal(p.step, 0);
  assert.deepEqual(
    p.grid.map((g) => g.step),
    [0],
  );
});

test('a refused step stops training with its message; a bad learning rate is said, not thrown', async () => {
  const { s, of } = await start({ config: { divergeAt: 15 } });
  s.step({ n: 20 });
  assert.deepEqual(of('stopped'), [{ type: 'stopped', message: 'the loss is not finite' }]);
  assert.equal(of('progress').at(-1).step, 10, 'the steps before the refused one count');
  s.lr({ lr: 0 });
  assert.equal(of('stopped').at(-1).message, 'the learning rate must be > 0');
});

test('view answers a request by id: the view, or the model message for a sentence it cannot read', async () => {
  const { s, of } = await start();
  s.view({ id: 7, sentence: 'a a' });
  s.view({ id: 8, sentence: 'zzz a' });
  const [ok, bad] = of('viewed');
  assert.equal(ok.id, 7);
  assert.equal(ok.ok, true);
  assert.equal(ok.view.now.text, 'a a');
  assert.deepEqual(bad, { type: 'viewed', id: 8, ok: false, message: "unknown word 'zzz'" });
  s.step({ n: 1 });
  assert.equal(of('progress').at(-1).view.now.text, 'a a', 'progress shows the last readable sentence');
});

test('a model that cannot be made is reported as failed; commands before that are ignored', async () => {
  const posted = [];
  const engine = {
    createFake: () => {
      throw new Error('heads must divide the width');
    },
  };
  const s = sessionOf({ createFake: description }, engine, posted);
  await s.init({ model: 'createFake' });
  s.play();
  s.step({ n: 3 });
  s.configure({ config: {}, sentence: '', generation: 1 });
  assert.deepEqual(posted, [{ type: 'failed', message: 'heads must divide the width' }]);
});

test('init names the problem, and every later configure says it again', async () => {
  const fails = async (models, engine, model, expected) => {
    const s = sessionOf(models, engine);
    await assert.rejects(s.init({ model }), expected);
    assert.throws(() => s.configure({ config: {}, generation: 1 }), expected);
  };
  await fails(
    { createFake: description },
    {},
    'createLanguageModel',
    /no live model is described as "createLanguageModel" \(known: createFake\)/,
  );
  await fails({ createFake: description }, {}, 'createFake', /the engine has no createFake\(\)/);
  const { point: _, ...noPoint } = description;
  await fails(
    { createFake: noPoint },
    { createFake() {} },
    'createFake',
    /the description of createFake cannot drive training: it lacks point/,
  );
  const broken = session({
    post: () => {},
    models: { createFake: description },
    loadEngine: async () => {
      throw new Error('the engine file is not WebAssembly');
    },
  });
  await assert.rejects(broken.init({ model: 'createFake' }), /not WebAssembly/);
  assert.throws(() => broken.configure({ config: {}, generation: 1 }), /not WebAssembly/);
  assert.throws(() => sessionOf({}, {}).configure({ config: {}, generation: 1 }), /the engine did not load/);
});

test('every model the worker knows has a description it can drive', () => {
  assert.deepEqual(Object.keys(models).sort(), ['createLanguageModel', 'createTrainer', 'createTranslator']);
  for (const [name, d] of Object.entries(models)) assert.equal(describeProblem(d), '', name);
  assert.equal(describeProblem({ ...description, every: 0 }), '"every" must be a whole number > 0');
  assert.equal(describeProblem({ ...description, questions: { odd: 1 } }), 'its questions odd are not functions');
});

test('ask answers a question by id with the model as it is now, or says why it cannot', async () => {
  const spec = {
    ...description,
    questions: {
      stepOf: (model, twin, plus) => model.at() + plus,
      refuse: () => {
        throw new Error('no such head');
      },
    },
  };
  const { s, posted } = await start({ spec });
  s.step({ n: 3 });
  s.ask({ id: 7, question: 'stepOf', args: [10] });
  s.ask({ id: 8, question: 'refuse' });
  s.ask({ id: 9, question: 'missing' });
  s.ask({ id: 10, question: 'toString' }); // not an own question: refused, not called
  const answers = posted.filter((m) => m.type === 'answered');
  assert.deepEqual(answers, [
    { type: 'answered', id: 7, step: 3, ok: true, value: 13 },
    { type: 'answered', id: 8, step: 3, ok: false, message: 'no such head' },
    { type: 'answered', id: 9, step: 3, ok: false, message: 'this model answers no question "missing"' },
    { type: 'answered', id: 10, step: 3, ok: false, message: 'this model answers no question "toString"' },
  ]);
});

test('milestone: the first grid entry at the target, said once a run, in the label, forgotten', () => {
  const root = { dataset: {} };
  const said = [];
  const m = milestone({
    root,
    line: { show: (text, kind) => said.push([text, kind]), clear: () => said.push(['', 'cleared']) },
    key: 'acc',
    target: 0.95,
    short: 'held-out',
    data: (hit) => ({ reachedAttention: hit.attention }),
    say: (hit, every) => `at ${hit.step} (every ${every})`,
  });
  m.check([{ step: 10, acc: 0.9 }], 10);
  assert.equal(m.reached, null);
  assert.equal(m.suffix(), '');
  m.check(
    [
      { step: 1200, acc: 0.95, attention: 0.5 },
      { step: 1210, acc: 0.99, attention: 0.6 },
    ],
    10,
  );
  m.check([{ step: 1300, acc: 1 }], 10);
  assert.equal(m.reached.step, 1200);
  assert.deepEqual(said, [['at 1200 (every 10)', 'note']]);
  assert.deepEqual(root.dataset, { reachedStep: '1200', reachedAttention: '0.5' });
  assert.equal(m.suffix(), '; 95% held-out at step 1,200');
  m.forget();
  assert.deepEqual(root.dataset, {});
  assert.equal(m.reached, null);
  assert.deepEqual(said.at(-1), ['', 'cleared'], 'a new run takes the note away');
});

test('milestone: a target of several figures (test) is the first entry passing all of them', () => {
  const root = { dataset: {} };
  // Lesson 12's: copy accuracy and a prefix-matching score, each at its own threshold.
  const m = milestone({
    root,
    line: { show() {}, clear() {} },
    test: (g) => g.copy >= 0.95 && g.prefix >= 0.8,
    target: 0.95,
    short: 'copy',
    say: () => '',
  });
  m.check(
    [
      { step: 25, copy: 0.97, prefix: 0.5 }, // copy alone is not enough
      { step: 50, copy: 0.9, prefix: 0.9 }, // nor the score alone
      { step: 75, copy: 0.95, prefix: 0.8 },
    ],
    25,
  );
  assert.equal(m.reached.step, 75);
  assert.equal(root.dataset.reachedStep, '75');
  assert.equal(m.suffix(), '; 95% copy at step 75');
});
