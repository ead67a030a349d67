// The translator demo's worker: it owns the engine's English -> Hindi translator (an
// encoder-decoder), so training never blocks the page. The messages are handled by worker-kit.js's
// trainingWorker, shared with the training demo; this file says what is particular to the
// translator. Like the trainer's, the worker is inlined into the widget's chunk and handed the
// wasm bytes by the page, so the lesson also opens offline.
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
//     nounOnNoun, verbOnVerb, verbOnSubject, adjectiveOnNoun, verbOnHindiSubject }] (the attention report's held-out
//     means, best head of the last decoder layer): the
//     same steps at any speed; measured on the grid only, as translating every held-out sentence
//     word by word costs far more than a step
//     view: the sentence translated by the model now and by its untrained twin (see view())
//   { type: 'stopped', message }             a step was refused (training diverged): paused
//   { type: 'failed', message }              the translator could not be made with this config
import { EVAL_EVERY } from '../widgets/translator/grid.js';
import { articleShare } from '../widgets/translator/measures.js';
import { trainingWorker } from './worker-kit.js';

const EXAMPLES = 8;
let engine = null; // for the article shares (dot products)

trainingWorker({
  every: EVAL_EVERY,
  create(e, config) {
    engine = e;
    return e.createTranslator(config);
  },
  /** The sentence through the model now and untrained. Throws for a sentence outside the grammar. */
  view(model, twin, text) {
    const now = model.translate(text);
    const before = twin.translate(text);
    return {
      sentence: text,
      now,
      before,
      articles: { now: articleShare(engine, now), before: articleShare(engine, before) },
    };
  },
  /** Held-out figures, with where the last decoder layer looks (held-out mean, best head each). */
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
  ready(model) {
    const examples = model.examples(EXAMPLES).map((x) => x.english);
    return { fields: { vocabulary: model.vocabulary(), examples, options: model.options() }, sentence: examples[0] };
  },
  request: 'translate',
  answer: 'translated',
  evaluateAtStart: true,
});
