// The training demo's model (engine.createTrainer) as the live kit trains it (web/src/live/):
// what its worker sends the page beside the kit's own figures. Lesson 9's widget draws it.
import { message } from '../live/session.js';

// Held-out accuracy is measured on a fixed grid of steps, so "95% at step N" reads the same at
// any speed; the widget says how often, training.facts.js measures the same way.
export const EVAL_EVERY = 10;
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

export default {
  every: EVAL_EVERY,
  view,
  /** grid: [{ step, heldoutLoss, heldoutAccuracy, attention }] */
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
  /** ready: { vocabulary, samples, options } */
  ready(trainer) {
    const samples = trainer.sample(SAMPLES);
    return {
      fields: { vocabulary: trainer.vocabulary(), samples, options: trainer.options() },
      sentence: samples[0],
    };
  },
  announcePlay: true,
};
