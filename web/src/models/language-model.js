// The decoder-only language model (engine.createLanguageModel) as the live kit trains it
// (web/src/live/): what its worker sends the page beside the kit's own figures, and the questions
// the page may ask between steps. Lessons 11 (next word, sampling, KV cache) and 12 (induction
// heads) draw it.

import { judgedSamples, temperatureSweep } from './language-model/judged-samples.js';
import { measure } from './language-model/variant-metrics.js';

// Held-out figures and head scores on a fixed grid of steps, so "the phase change at step N"
// reads the same at any speed. An evaluation (100 held-out sequences, forward only, plus the
// head scores' 16) costs about two training steps, so every 25 steps costs under a tenth of the
// run and still resolves a drop that takes a few hundred steps.
export const EVAL_EVERY = 25;

/** A prompt to show when the page's cannot be read: a repeat of distinct letters, or a word. */
const FALLBACK = { induction: 'k d q v r b m x k d q v r', sentences: 'the' };

/** evaluate()'s figures with only the held-out loss renamed apart from the training loss. */
function figures(model) {
  const e = model.evaluate();
  return { heldOutLoss: e.loss, copyAccuracy: e.copyAccuracy, accuracy: e.accuracy, chance: e.chance };
}

export default {
  every: EVAL_EVERY,
  /**
   * The prompt through the model now and untrained: every layer's and head's attention
   * ([layer][head][i][j], <bos> first) and the next-token distribution. Throws for a prompt the
   * model cannot read (unknown token, empty, longer than its context).
   */
  view(model, twin, text) {
    const now = model.attention(text);
    return {
      prompt: text,
      tokens: now.tokens,
      now: now.layers,
      before: twin.attention(text).layers,
      next: model.next(text).probabilities,
      nextBefore: twin.next(text).probabilities,
    };
  },
  /** grid: [{ step, heldOutLoss, copyAccuracy, accuracy, chance, prefixMatching, previousToken }] */
  evaluate(model, step) {
    const scores = model.headScores();
    return { step, ...figures(model), prefixMatching: scores.prefixMatching, previousToken: scores.previousToken };
  },
  // Held-out figures on the grid only.
  point: () => ({}),
  /** ready: { vocabulary, options } */
  ready(model) {
    const options = model.options();
    return { fields: { vocabulary: model.vocabulary(), options }, sentence: FALLBACK[options.task] };
  },
  evaluateAtStart: true,
  announcePlay: true,
  questions: {
    /** Lesson 13's figures of the model now (variant-metrics.js): { values, head, attention? }. */
    measure: (model, twin, metrics, prompt) => measure(model, metrics, prompt),
    /** The next-token distribution after a prompt: { tokens, vocabulary, probabilities }. */
    next: (model, twin, prompt) => model.next(prompt),
    /** A sampled continuation (generate()'s options: maxTokens, temperature, topK, topP, seed, cache). */
    generate: (model, twin, prompt, options) => model.generate(prompt, options),
    /** count sampled continuations, each judged by the grammar: [{ tokens, grammatical }]. */
    samples: (model, twin, prompt, options, count) => judgedSamples(model, prompt, options, count),
    /** The share of count samples judged grammatical at each temperature: [{ temperature, share, count }]. */
    sweep: (model, twin, prompt, temperatures, count) => temperatureSweep(model, prompt, temperatures, count),
    /**
     * Every head silenced in turn: { baseline, heads[layer][head] }, each evaluate()'s figures.
     * The model is given back whole (restore) whatever happens.
     */
    ablation(model) {
      const { layers, heads } = model.options();
      const baseline = figures(model);
      const out = [];
      try {
        for (let l = 0; l < layers; l++) {
          out.push([]);
          for (let h = 0; h < heads; h++) {
            model.ablate(l, h);
            out[l].push(figures(model));
            model.restore();
          }
        }
      } finally {
        model.restore();
      }
      return { baseline, heads: out };
    },
  },
};
