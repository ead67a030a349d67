// The numbers lesson 9's prose states about its demo, computed by the engine's trainer for a
// fence's config (no DOM), as the widget's worker runs it: untrained.loss / untrained.accuracy
// before any step (with ln(classes), the loss of a uniform guess, and the largest probability the
// model gives an answer for the fence's sentence), and reachedStep, the first step of the 10-step evaluation grid at which
// held-out accuracy is at least 95% (within 3,000 steps, else Infinity), with attentionAtReached.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { EVAL_EVERY } from '../models/trainer.js';

const TARGET = 0.95;
const MAX_STEPS = 3000;

export default function facts(engine, config) {
  // Every model option the fence sets (layers included), as the widget passes them.
  const trainer = engine.createTrainer(modelOptions('Trainer', config));
  try {
    const untrained = trainer.evaluate();
    const { candidates, probabilities } = trainer.predict(config.sentence);
    const classes = candidates.length;
    const chance = Math.log(classes);
    let reachedStep = Infinity;
    let attentionAtReached = 0;
    for (let s = EVAL_EVERY; s <= MAX_STEPS && reachedStep === Infinity; s += EVAL_EVERY) {
      trainer.step(EVAL_EVERY);
      const e = trainer.evaluate();
      if (e.accuracy >= TARGET) [reachedStep, attentionAtReached] = [s, e.attention];
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
      },
      reachedStep,
      attentionAtReached,
    };
  } finally {
    trainer.dispose();
  }
}
