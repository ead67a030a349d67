// The training demo's worker: it owns the engine's trainer, so training never blocks the page.
// Training runs in slices, so a message (pause, a new sentence) is answered within ~30 ms, and
// progress goes to the page at most ten times a second (paced-loop.js).
//
// The worker is inlined into the widget's chunk and started from a Blob, and the page hands it
// the wasm bytes: so lesson 9 also opens offline once the site has loaded (nothing to fetch).
//
// Messages in (from web/src/widgets/training/client.js):
//   { type: 'init', wasm }                   the engine's bytes (ArrayBuffer), once
//   { type: 'configure', config, sentence, generation }   new trainer (+ an untrained twin for "before")
//   { type: 'play' } | { type: 'pause' } | { type: 'step', n } | { type: 'reset', generation }
//   { type: 'speed', stepsPerSecond }        Infinity = as fast as possible
//   { type: 'lr', lr }                       applies from the next step, keeps the run
//   { type: 'inspect', id, sentence }        -> { type: 'inspected', id, ok, view | message }
// Messages out:
//   { type: 'ready', generation, vocabulary, samples, options, sentence }
//                                            after each configure: the new trainer is made (not
//                                            "the engine has loaded"); its first progress follows
//   { type: 'progress', generation, step, running, point, view, grid }
//     grid: held-out evaluations at every multiple of EVAL_EVERY steps passed since the last
//     progress, [{ step, heldoutLoss, heldoutAccuracy, attention }]: the same steps at any speed
//   { type: 'stopped', message }             a step was refused (not finite): paused
//   { type: 'failed', message }              the trainer could not be made with this config
import createAttentionModule from '../../../build/wasm/attention.mjs';
import { makeAttentionApi } from '../../../wasm/js/api.js';
import { EVAL_EVERY } from '../widgets/training/grid.js';
import { pacedLoop } from './paced-loop.js';

const SAMPLES = 8;

let engine = null;
let trainer = null;
let twin = null; // same config and seed, never trained: the "before" column
let sentence = '';
let currentStep = 0;
let generation = 0; // echoed in progress, so the page can drop figures of a run it replaced
let pending = null; // train figures since the last post: { steps, loss, accuracy } (step-weighted sums)
let grid = []; // evaluations on the step grid since the last post

const post = (msg) => self.postMessage(msg);
const message = (e) => String(e?.message || e);

function disposeAll() {
  trainer?.dispose();
  twin?.dispose();
  trainer = null;
  twin = null;
}

/** Attention maps and predictions of the sentence, untrained and now. Throws for a bad sentence. */
function view(text) {
  const now = trainer.attention(text);
  const before = twin.attention(text);
  let predictNow = null;
  let predictBefore = null;
  let predictMessage = '';
  try {
    predictNow = trainer.predict(text);
    predictBefore = twin.predict(text);
  } catch (e) {
    predictMessage = message(e); // e.g. no adjective to ask about: the maps still show
  }
  return {
    sentence: text,
    tokens: now.tokens,
    now: now.weights, // the last layer's maps, weights[head][i][j]
    before: before.weights,
    nowLayers: now.layers, // every layer's, [layer][head][i][j] (two-layer runs)
    beforeLayers: before.layers,
    predictNow,
    predictBefore,
    predictMessage,
  };
}

function sendProgress({ evaluate = true } = {}) {
  const point = { step: null, trainLoss: null, trainAccuracy: null };
  if (pending && pending.steps > 0) {
    point.trainLoss = pending.loss / pending.steps;
    point.trainAccuracy = pending.accuracy / pending.steps;
  }
  pending = null;
  if (evaluate) {
    const e = trainer.evaluate();
    Object.assign(point, {
      heldoutLoss: e.loss,
      heldoutAccuracy: e.accuracy,
      attention: e.attention,
      headAttention: e.headAttention,
      layerAttention: e.layerAttention,
    });
  }
  point.step = currentStep;
  let v;
  try {
    v = view(sentence);
  } catch {
    v = null; // the page only tracks sentences that were checked; nothing to draw otherwise
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
      stats = trainer.step(k);
    } catch (e) {
      loop.stop();
      sendProgress();
      post({ type: 'stopped', message: message(e) });
      return false;
    }
    record(stats, k);
    left -= k;
    if (currentStep % EVAL_EVERY === 0) {
      const e = trainer.evaluate();
      grid.push({ step: currentStep, heldoutLoss: e.loss, heldoutAccuracy: e.accuracy, attention: e.attention });
    }
  }
  return true;
}

const loop = pacedLoop({ train, progress: sendProgress });

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
      trainer = engine.createTrainer(config);
      twin = engine.createTrainer(config);
    } catch (e) {
      disposeAll();
      post({ type: 'failed', message: message(e) });
      return;
    }
    currentStep = 0;
    pending = null;
    grid = [];
    const samples = trainer.sample(SAMPLES);
    sentence = text && tryView(text) ? text : samples[0];
    post({
      type: 'ready',
      generation,
      vocabulary: trainer.vocabulary(),
      samples,
      options: trainer.options(),
      sentence,
    });
    sendProgress();
  },
  play() {
    if (!trainer || loop.running) return;
    loop.play(() => sendProgress({ evaluate: false }));
  },
  pause() {
    if (!trainer) return;
    loop.stop();
    sendProgress();
  },
  step({ n = 1 }) {
    if (!trainer) return;
    loop.stop();
    if (loop.run(n)) sendProgress();
  },
  reset({ generation: g }) {
    if (!trainer) return;
    generation = g;
    loop.stop();
    trainer.reset();
    currentStep = 0;
    pending = null;
    grid = [];
    sendProgress();
  },
  speed({ stepsPerSecond }) {
    loop.speed(stepsPerSecond);
  },
  lr({ lr }) {
    try {
      trainer?.setLearningRate(lr);
    } catch (e) {
      post({ type: 'stopped', message: message(e) });
    }
  },
  inspect({ id, sentence: text }) {
    if (!trainer) return;
    try {
      const v = view(text);
      sentence = text;
      post({ type: 'inspected', id, ok: true, view: v });
    } catch (e) {
      post({ type: 'inspected', id, ok: false, message: message(e) });
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
