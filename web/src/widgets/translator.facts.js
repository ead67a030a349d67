// The numbers lesson 10's prose states about its translator, computed by the engine for a
// fence's config (no DOM), as the widget's worker trains it: before (the untrained model's
// translation of config.sentence: its largest cross-attention weight, the verb's weight on the
// subject, how many words it writes), reachedStep (the first step of the evaluation grid at which
// held-out sentences are translated exactly at least 95% of the time, within MAX_STEPS, else
// Infinity), and what a learner can see of the trained model from then on. A trained model's
// figures move from step to step, so each is measured at every checkpoint a learner may look at
// (the target step, and LATER steps after it) and given as its range over them:
//   trained.min / trained.max   the sentence: whether it comes out right, where its agreeing words
//                               look (models/translator/measures.js agreement(): cross-attention,
//                               the decoder's and the encoder's self-attention, best head of the
//                               last layer), the articles' share of a row (the largest over heads)
//   heldOut.min / heldOut.max   the engine's attention report over the held-out sentences
//                               (nounOnNoun, verbOnVerb, verbOnSubject, adjectiveOnNoun,
//                               verbOnHindiSubject; best head), and exactMatch
// offered.slowest: the largest reachedStep (within OFFERED_STEPS, else Infinity) over every
// setting the widget offers (its layers and heads, with the fence's seed and learning rate), so
// the widget offers no setting that never learns.
// A claim that holds for the range holds whenever the learner looks; the in-widget prediction's
// answer (translator/guess.js answerOf) is taken from the held-out figures at the target step.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { EVAL_EVERY } from '../models/translator.js';
import { agreement, articleShare } from '../models/translator/measures.js';
import { LAYERS, HEADS } from './translator.schema.js';

const TARGET = 0.95;
const MAX_STEPS = 20000;
const OFFERED_STEPS = 3000;
export const LATER = [500, 2000]; // checkpoints after the target step, in steps

function figures(engine, t) {
  const a = agreement(t);
  return {
    correct: t.output.join(' ') === t.reference.join(' ') ? 1 : 0,
    words: t.output.length,
    referenceWords: t.reference.length,
    largestWeight: Math.max(...t.cross.flat(3)),
    verbOnVerb: a?.verbOnVerb ?? 0,
    verbOnSubject: a?.verbOnSubject ?? 0,
    verbOnHindiSubject: a?.verbOnHindiSubject ?? 0,
    encoderVerbOnSubject: a?.encoderVerbOnSubject ?? 0,
    adjectiveOnNoun: a?.adjectiveOnNoun ?? [],
    adjectiveOnItself: a?.adjectiveOnItself ?? [],
    encoderAdjectiveOnNoun: a?.encoderAdjectiveOnNoun ?? [],
    articles: Math.max(...articleShare(engine, t)),
  };
}

function heldOutFigures(translator) {
  const report = translator.attentionReport();
  const best = Object.fromEntries(Object.entries(report).map(([key, perHead]) => [key, Math.max(...perHead)]));
  return { ...best, exactMatch: translator.evaluate().exactMatch };
}

/** { min, max } of each figure (arrays element by element) over a list of figure objects. */
export function range(list) {
  const over = (pick) => {
    const first = list[0];
    return Object.fromEntries(
      Object.keys(first).map((k) => [
        k,
        Array.isArray(first[k]) ? first[k].map((_, i) => pick(list.map((x) => x[k][i]))) : pick(list.map((x) => x[k])),
      ]),
    );
  };
  return { min: over((xs) => Math.min(...xs)), max: over((xs) => Math.max(...xs)) };
}

/** The first grid step at which held-out exact match reaches the target, within max steps. */
function trainToTarget(translator, max) {
  for (let s = EVAL_EVERY; s <= max; s += EVAL_EVERY) {
    translator.step(EVAL_EVERY);
    if (translator.evaluate().exactMatch >= TARGET) return s;
  }
  return Infinity;
}

function slowestOffered(engine, config) {
  let slowest = 0;
  for (const layers of LAYERS) {
    for (const heads of HEADS) {
      if (layers === (config.layers ?? 1) && heads === (config.heads ?? 2)) continue; // the fence's own: measured below
      const t = engine.createTranslator(modelOptions('Translator', { ...config, layers, heads }));
      try {
        slowest = Math.max(slowest, trainToTarget(t, OFFERED_STEPS));
      } finally {
        t.dispose();
      }
    }
  }
  return slowest;
}

// It trains a model, which takes seconds: tests/node/claims-trained-*.test.mjs check its claims.
export const trains = true;

export default function facts(engine, config) {
  // Every model option the fence sets, as the widget passes them; the rest are the engine's defaults.
  const translator = engine.createTranslator(modelOptions('Translator', config));
  try {
    const before = figures(engine, translator.translate(config.sentence));
    const reachedStep = trainToTarget(translator, MAX_STEPS);
    const trained = [];
    const heldOut = [];
    const checkpoints = [];
    if (reachedStep !== Infinity) {
      for (const later of [0, ...LATER]) {
        const at = reachedStep + later;
        if (at > reachedStep) translator.step(at - checkpoints.at(-1));
        checkpoints.push(at);
        trained.push(figures(engine, translator.translate(config.sentence)));
        heldOut.push(heldOutFigures(translator));
      }
    }
    return {
      before,
      reachedStep,
      offered: { slowest: Math.max(reachedStep, slowestOffered(engine, config)) },
      checkpoints,
      ...(trained.length
        ? { trained: range(trained), heldOut: range(heldOut), atTarget: { trained: trained[0], heldOut: heldOut[0] } }
        : {}),
    };
  } finally {
    translator.dispose();
  }
}
