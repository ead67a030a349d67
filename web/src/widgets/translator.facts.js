// The numbers lesson 10's prose states about its translator, computed by the engine for a
// fence's config (no DOM), as the widget's worker trains it: before (the untrained model's
// translation of config.sentence: its largest cross-attention weight, the verb's weight on the
// subject), reachedStep (the first step of the evaluation grid at which held-out sentences are
// translated exactly at least 95% of the time, within MAX_STEPS, else Infinity) and, at that
// step, trained: whether the sentence comes out right, where its agreeing words look
// (models/translator/measures.js agreement(): cross-attention, the decoder's and the encoder's
// self-attention, best head of the last layer), the articles' share of a row (the largest over
// the heads); and heldOut, the engine's attention report over the held-out sentences (nounOnNoun,
// verbOnVerb, verbOnSubject, adjectiveOnNoun, verbOnHindiSubject; best head).
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { EVAL_EVERY } from '../models/translator.js';
import { agreement, articleShare } from '../models/translator/measures.js';

const TARGET = 0.95;
const MAX_STEPS = 20000;

function figures(engine, t) {
  const a = agreement(t);
  return {
    correct: t.output.join(' ') === t.reference.join(' ') ? 1 : 0,
    largestWeight: Math.max(...t.cross.flat(3)),
    verbOnSubject: a?.verbOnSubject ?? 0,
    verbOnVerb: a?.verbOnVerb ?? 0,
    verbOnHindiSubject: a?.verbOnHindiSubject ?? 0,
    encoderVerbOnSubject: a?.encoderVerbOnSubject ?? 0,
    adjectiveOnNoun: a?.adjectiveOnNoun ?? [],
    adjectiveOnItself: a?.adjectiveOnItself ?? [],
    encoderAdjectiveOnNoun: a?.encoderAdjectiveOnNoun ?? [],
    articles: Math.max(...articleShare(engine, t)),
  };
}

export default function facts(engine, config) {
  // Every model option the fence sets, as the widget passes them; the rest are the engine's defaults.
  const translator = engine.createTranslator(modelOptions('Translator', config));
  try {
    const before = figures(engine, translator.translate(config.sentence));
    let reachedStep = Infinity;
    for (let s = EVAL_EVERY; s <= MAX_STEPS && reachedStep === Infinity; s += EVAL_EVERY) {
      translator.step(EVAL_EVERY);
      if (translator.evaluate().exactMatch >= TARGET) reachedStep = s;
    }
    const report = translator.attentionReport();
    const heldOut = Object.fromEntries(Object.entries(report).map(([key, perHead]) => [key, Math.max(...perHead)]));
    return { before, reachedStep, trained: figures(engine, translator.translate(config.sentence)), heldOut };
  } finally {
    translator.dispose();
  }
}
