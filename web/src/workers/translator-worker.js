// The translator demo's worker: it owns the engine's English -> Hindi translator (an
// encoder-decoder), so training never blocks the page. Timing as the training demo's
// (paced-loop.js); like it, the worker is inlined into the widget's chunk and handed the wasm
// bytes by the page, so the lesson also opens offline.
//
// Messages in (from web/src/widgets/translator/client.js):
//   { type: 'init', wasm }                   the engine's bytes (ArrayBuffer), once
//   { type: 'configure', config, sentence, generation }   a new translator (+ an untrained twin
//                                            for "before training")
//   { type: 'play' } | { type: 'pause' } | { type: 'step', n } | { type: 'reset', generation }
//   { type: 'speed', stepsPerSecond }        Infinity = as fast as possible
//   { type: 'lr', lr }                       applies from the next step, keeps the run
//   { type: 'translate', id, sentence }      -> { type: 'translated', id, ok, view | message }
// Messages out:
//   { type: 'ready', generation, vocabulary, examples, options, sentence }
//   { type: 'progress', generation, step, running, point, view, grid }
//     point: { step, trainLoss, trainAccuracy } over this run's steps since the last post
//     grid: held-out evaluations at every multiple of EVAL_EVERY steps passed since the last
//     progress (step 0 included), [{ step, heldOutLoss, exactMatch, tokenAccuracy, heldOutSize,
//     nounOnNoun, verbOnVerb, verbOnSubject, adjectiveOnNoun }] (the attention report's held-out
//     means, best head of the last decoder layer): the
//     same steps at any speed; measured on the grid only, as translating every held-out sentence
//     word by word costs far more than a step
//     view: the sentence translated by the model now and by its untrained twin (see view())
//   { type: 'stopped', message }             a step was refused (training diverged): paused
//   { type: 'failed', message }              the translator could not be made with this config
import createAttentionModule from '../../../build/wasm/attention.mjs';
import { makeAttentionApi } from '../../../wasm/js/api.js';
import { pacedLoop } from './paced-loop.js';
import { EVAL_EVERY } from '../widgets/translator/grid.js';
import { articleShare } from '../widgets/translator/measures.js';

const EXAMPLES = 8;

let engine = null;
let model = null;
let twin = null; // same config and seed, never trained: "before training"
let sentence = '';
let currentStep = 0;
let generation = 0; // echoed in progress, so the page can drop figures of a run it replaced
let pending = null; // training figures since the last post: { steps, loss, accuracy } (step-weighted sums)
let grid = [];

const post = (msg) => self.postMessage(msg);
const message = (e) => String(e?.message || e);

function disposeAll() {
  model?.dispose();
  twin?.dispose();
  model = null;
  twin = null;
}

/** The sentence through the model now and untrained. Throws for a sentence outside the grammar. */
function view(text) {
  const now = model.translate(text);
  const before = twin.translate(text);
  return {
    sentence: text,
    now,
    before,
    articles: { now: articleShare(engine, now), before: articleShare(engine, before) },
  };
}

/** Held-out figures, with where the last decoder layer looks (held-out mean, best head each). */
function evaluate() {
  const e = model.evaluate();
  const report = model.attentionReport();
  const best = (perHead) => Math.max(...perHead);
  return {
    step: e.step,
    heldOutLoss: e.heldOutLoss,
    exactMatch: e.exactMatch,
    tokenAccuracy: e.tokenAccuracy,
    heldOutSize: e.heldOutSize,
    nounOnNoun: best(report.nounOnNoun),
    verbOnVerb: best(report.verbOnVerb),
    verbOnSubject: best(report.verbOnSubject),
    adjectiveOnNoun: best(report.adjectiveOnNoun),
  };
}

function sendProgress() {
  const point = { step: currentStep, trainLoss: null, trainAccuracy: null };
  if (pending && pending.steps > 0) {
    point.trainLoss = pending.loss / pending.steps;
    point.trainAccuracy = pending.accuracy / pending.steps;
  }
  pending = null;
  let v;
  try {
    v = view(sentence);
  } catch {
    v = null; // the page only keeps sentences that translated; nothing new to draw
  }
  loop.posted();
  post({ type: 'progress', generation, step: currentStep, running: loop.running, point, view: v, grid });
  grid = [];
}

function record(stats, n) {
  currentStep = stats.step;
  pending ??= { steps: 0, loss: 0, accuracy: 0 };
  pending.steps += n;
  pending.loss += stats.loss * n;
  pending.accuracy += stats.accuracy * n;
}

/** n steps, in engine calls that stop at each grid step to evaluate; on a refused step, pause and tell the page. */
function train(n) {
  for (let left = n; left > 0;) {
    const k = Math.min(left, EVAL_EVERY - (currentStep % EVAL_EVERY));
    let stats;
    try {
      stats = model.step(k);
    } catch (e) {
      loop.stop();
      sendProgress();
      post({ type: 'stopped', message: message(e) });
      return false;
    }
    record(stats, k);
    left -= k;
    if (currentStep % EVAL_EVERY === 0) grid.push(evaluate());
  }
  return true;
}

const loop = pacedLoop({ train, progress: sendProgress });

function start() {
  currentStep = 0;
  pending = null;
  grid = [evaluate()];
}

const handlers = {
  async init({ wasm }) {
    // locateFile: Emscripten would otherwise resolve the wasm's URL against this Blob worker's
    // location, which throws; with wasmBinary given, nothing is fetched.
    engine = makeAttentionApi(
      await createAttentionModule({ wasmBinary: new Uint8Array(wasm), locateFile: (path) => path }),
    );
  },
  configure({ config, sentence: text, generation: g }) {
    loop.stop();
    generation = g;
    if (!engine) throw new Error('the engine did not load');
    disposeAll();
    try {
      model = engine.createTranslator(config);
      twin = engine.createTranslator(config);
    } catch (e) {
      disposeAll();
      post({ type: 'failed', message: message(e) });
      return;
    }
    start();
    const examples = model.examples(EXAMPLES).map((x) => x.english);
    sentence = text && tryView(text) ? text : examples[0];
    post({
      type: 'ready',
      generation,
      vocabulary: model.vocabulary(),
      examples,
      options: model.config(),
      sentence,
    });
    sendProgress();
  },
  play() {
    if (!model || loop.running) return;
    loop.play();
  },
  pause() {
    if (!model) return;
    loop.stop();
    sendProgress();
  },
  step({ n = 1 }) {
    if (!model) return;
    loop.stop();
    if (loop.run(n)) sendProgress();
  },
  reset({ generation: g }) {
    if (!model) return;
    generation = g;
    loop.stop();
    model.reset();
    start();
    sendProgress();
  },
  speed({ stepsPerSecond }) {
    loop.speed(stepsPerSecond);
  },
  lr({ lr }) {
    try {
      model?.setLearningRate(lr);
    } catch (e) {
      post({ type: 'stopped', message: message(e) });
    }
  },
  translate({ id, sentence: text }) {
    if (!model) return;
    try {
      const v = view(text);
      sentence = text;
      post({ type: 'translated', id, ok: true, view: v, step: currentStep });
    } catch (e) {
      post({ type: 'translated', id, ok: false, message: message(e) });
    }
  },
};

function tryView(text) {
  try {
    view(text);
    return true;
  } catch {
    return false;
  }
}

// Messages are handled one at a time, so nothing overtakes the init that awaits the engine.
let queue = Promise.resolve();
self.onmessage = (event) => {
  const msg = event.data;
  queue = queue.then(() => handlers[msg?.type]?.(msg)).catch((e) => post({ type: 'failed', message: message(e) }));
};
