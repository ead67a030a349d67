// The English -> Hindi translator (engine.createTranslator, an encoder-decoder) as the live kit
// trains it (web/src/live/): what its worker sends the page beside the kit's own figures.
// Lesson 10's widget draws it.
import { articleShare } from './translator/measures.js';

// Held-out figures are measured on a fixed grid of steps, so "95% at step N" reads the same at
// any speed. A held-out evaluation translates every held-out sentence word by word (about
// 0.2-0.3 s in the worker, some 15 steps' time), so it is measured less often than the trainer's.
// translator.facts.js measures the same way.
export const EVAL_EVERY = 100;
const EXAMPLES = 8;

export default {
  every: EVAL_EVERY,
  /**
   * The sentence through the model now and untrained, with the share of each head's
   * cross-attention on the articles. Throws for a sentence outside the grammar.
   */
  view(model, twin, text, engine) {
    const now = model.translate(text);
    const before = twin.translate(text);
    return {
      sentence: text,
      now,
      before,
      articles: { now: articleShare(engine, now), before: articleShare(engine, before) },
    };
  },
  /**
   * Held-out figures, with where the last decoder layer looks (the attention report's held-out
   * means, best head each): [{ step, heldOutLoss, exactMatch, tokenAccuracy, heldOutSize,
   * nounOnNoun, verbOnVerb, verbOnSubject, adjectiveOnNoun, verbOnHindiSubject }].
   */
  evaluate(model) {
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
      verbOnHindiSubject: best(report.verbOnHindiSubject),
    };
  },
  // Held-out figures on the grid only: translating every held-out sentence word by word costs
  // far more than a step.
  point: () => ({}),
  /** ready: { vocabulary, examples, options } */
  ready(model) {
    const examples = model.examples(EXAMPLES).map((x) => x.english);
    return { fields: { vocabulary: model.vocabulary(), examples, options: model.options() }, sentence: examples[0] };
  },
  evaluateAtStart: true,
};
