// The training demo's worker: it owns the engine's trainer, so training never blocks the page.
// Training runs in slices, so a message (pause, a new sentence) is answered within ~30 ms, and
// progress goes to the page at most ten times a second (paced-loop.js); the messages are handled
// by worker-kit.js's trainingWorker, shared with the translator demo, and this file says what
// is particular to the trainer.
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
import { EVAL_EVERY } from '../widgets/training/grid.js';
import { trainingWorker, message } from './worker-kit.js';

const SAMPLES = 8;

/** Attention maps and predictions of the sentence, untrained and now. Throws for a bad sentence. */
function view(trainer, twin, text) {
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

trainingWorker({
  every: EVAL_EVERY,
  create: (engine, config) => engine.createTrainer(config),
  view,
  evaluate(trainer, step) {
    const e = trainer.evaluate();
    return { step, heldoutLoss: e.loss, heldoutAccuracy: e.accuracy, attention: e.attention };
  },
  // Held-out figures with every progress too (cheap here: the held-out set is small).
  point(trainer, { evaluate }) {
    if (!evaluate) return {};
    const e = trainer.evaluate();
    return {
      heldoutLoss: e.loss,
      heldoutAccuracy: e.accuracy,
      attention: e.attention,
      headAttention: e.headAttention,
      layerAttention: e.layerAttention,
    };
  },
  ready(trainer) {
    const samples = trainer.sample(SAMPLES);
    return {
      fields: { vocabulary: trainer.vocabulary(), samples, options: trainer.options() },
      sentence: samples[0],
    };
  },
  request: 'inspect',
  answer: 'inspected',
  announcePlay: true,
});
