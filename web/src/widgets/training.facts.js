// The numbers lesson 9's prose states about its demo, computed by the engine's trainer for a
// fence's config (no DOM), as the widget's worker runs it: untrained.loss / untrained.accuracy
// before any step (with ln(classes), the loss of a uniform guess, and the largest probability the
// model gives an answer for the fence's sentence), untrained.row: the question word's row of
// attention for that sentence at step 0 (its largest weight, and the weight on the noun), and
// reachedStep, the first step of the 10-step evaluation grid at which held-out accuracy is at
// least 95% (within 3,000 steps, else Infinity), with attentionAtReached.
// What a learner sees of the trained model moves from step to step, so it is measured at every
// checkpoint they may look at (the target step, and LATER steps after it) and given as its range:
// trained.min / trained.max of otherRowsOnNoun (the least weight on the noun among the rows of
// the words that are neither the question word nor the noun: nothing is ever asked at them) and
// questionOnNoun; with two layers, layers.layer1 / layer2: the question word's row in each layer
// on the last word and on the noun (early against late layers). pronounsOneLayer: the same settings on the pronoun task, with one layer, over
// the first PRONOUN_STEPS steps: the range of held-out and training accuracy (a single layer
// cannot make the query at "it" depend on the last word).
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { EVAL_EVERY } from '../models/trainer.js';

const TARGET = 0.95;
const MAX_STEPS = 3000;
export const LATER = [500, 2000]; // checkpoints after the target step, in steps
const PRONOUN_STEPS = 3000;

/** The question word's row and the rows of the other words, for one sentence. */
function rows(trainer, sentence) {
  const { position, candidates, tokens } = trainer.predict(sentence);
  const noun = tokens.findIndex((t) => candidates.includes(t));
  const layers = trainer.attention(sentence).layers;
  const weights = layers.at(-1)[0]; // the last layer's first head
  const others = weights.filter((_, i) => i !== position && i !== noun);
  const last = tokens.length - 1;
  return {
    largest: Math.max(...weights[position]),
    largestOnNoun: weights[position][noun] === Math.max(...weights[position]) ? 1 : 0,
    questionOnNoun: weights[position][noun],
    otherRowsOnNoun: others.length ? Math.min(...others.map((r) => r[noun])) : 1,
    ...(layers.length > 1 ? { layers: byLayer(layers, position, noun, last) } : {}),
  };
}

/**
 * Early against late layers, for the question word's row in each layer's first head: its largest
 * weight, its weight on the last word (the one that decides the answer, e.g. "tired") and on the noun, and their
 * difference (positive: the row looks more at the last word than at the noun).
 */
function byLayer(layers, position, noun, last) {
  return Object.fromEntries(
    layers.map((layer, l) => {
      const row = layer[0][position];
      return [
        `layer${l + 1}`,
        { largest: Math.max(...row), onLast: row[last], onNoun: row[noun], lastOverNoun: row[last] - row[noun] },
      ];
    }),
  );
}

/** The range of every figure (nested records too) over the checkpoints in `list`. */
function range(list) {
  const over = (items, pick) =>
    Object.fromEntries(
      Object.keys(items[0]).map((k) => {
        const xs = items.map((x) => x[k]);
        return [k, typeof xs[0] === 'object' ? over(xs, pick) : pick(xs)];
      }),
    );
  return { min: over(list, (xs) => Math.min(...xs)), max: over(list, (xs) => Math.max(...xs)) };
}

function pronounsOneLayer(engine, config) {
  const trainer = engine.createTrainer(modelOptions('Trainer', { ...config, task: 'pronouns', layers: 1 }));
  try {
    const heldOut = [];
    const training = [];
    for (let s = EVAL_EVERY; s <= PRONOUN_STEPS; s += EVAL_EVERY) {
      training.push(trainer.step(EVAL_EVERY).accuracy);
      heldOut.push(trainer.evaluate().accuracy);
    }
    // Training accuracy is one batch's: its mean over each 100 steps, as a curve would smooth it.
    const k = 100 / EVAL_EVERY;
    const smooth = Array.from(
      { length: training.length / k },
      (_, i) => training.slice(i * k, (i + 1) * k).reduce((a, b) => a + b, 0) / k,
    );
    return {
      heldOut: { min: Math.min(...heldOut), max: Math.max(...heldOut), last: heldOut.at(-1) },
      training: { min: Math.min(...smooth), max: Math.max(...smooth) },
    };
  } finally {
    trainer.dispose();
  }
}

// It trains a model, which takes seconds: tests/node/claims-trained-*.test.mjs check its claims.
export const trains = true;

export default function facts(engine, config) {
  // Every model option the fence sets (layers included), as the widget passes them.
  const trainer = engine.createTrainer(modelOptions('Trainer', config));
  try {
    const untrained = trainer.evaluate();
    const { candidates, probabilities } = trainer.predict(config.sentence);
    const row = rows(trainer, config.sentence);
    const classes = candidates.length;
    const chance = Math.log(classes);
    let reachedStep = Infinity;
    let attentionAtReached = 0;
    for (let s = EVAL_EVERY; s <= MAX_STEPS && reachedStep === Infinity; s += EVAL_EVERY) {
      trainer.step(EVAL_EVERY);
      const e = trainer.evaluate();
      if (e.accuracy >= TARGET) [reachedStep, attentionAtReached] = [s, e.attention];
    }
    const seen = [];
    if (reachedStep !== Infinity) {
      let at = reachedStep;
      for (const later of [0, ...LATER]) {
        if (reachedStep + later > at) trainer.step(reachedStep + later - at);
        at = reachedStep + later;
        seen.push(rows(trainer, config.sentence));
      }
    }
    return {
      untrained: {
        loss: untrained.loss,
        accuracy: untrained.accuracy,
        classes,
        chanceLoss: chance,
        // |loss - ln(classes)| / ln(classes): 0 for a model that guesses uniformly.
        lossFromChance: Math.abs(untrained.loss - chance) / chance,
        topProbability: Math.max(...probabilities),
        row,
      },
      reachedStep,
      attentionAtReached,
      ...(seen.length ? { trained: range(seen) } : {}),
      ...(config.task === 'adjectives' ? { pronounsOneLayer: pronounsOneLayer(engine, config) } : {}),
    };
  } finally {
    trainer.dispose();
  }
}
