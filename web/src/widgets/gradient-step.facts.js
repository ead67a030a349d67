// The numbers lesson 8's prose states about its example, computed by the engine for a fence's
// config (no DOM). For each target (targets.<i>, in the fence's order), ten steps of the fence's
// learning rate from the example: the loss, token 1's weights and scores and every gradient at
// step k (steps.<k>); and ten steps with W_V stepped too (withValues.<k>), at the learning rate
// the lesson asks for there (VALUES_LR: the fence's rate would overshoot, W_V's gradient being
// some twenty times larger); and three steps at the largest learning rate allowed (overshoot.<k>).
import { replay } from './gradient-step/learn.js';
import { DEFAULT_LR, LR_MAX } from './gradient-step.schema.js';

const STEPS = 10;
export const VALUES_LR = 10;

function run(engine, config, target, { values = false, lr = config.lr ?? DEFAULT_LR, steps = STEPS } = {}) {
  const lrs = Array.from({ length: steps }, () => lr);
  return replay(engine, config, target.weights, lrs, { values }).history.map((h) => ({
    loss: h.loss,
    weights: h.forward.weights[0],
    scores: h.forward.scores[0],
    dContext: h.dContext[0],
    dWeights: h.grads.dWeights[0],
    dScores: h.grads.dScores[0],
    // Softmax ignores a shift of the whole row, so a row of score gradients adds up to 0.
    dScoresSum: engine.dot(
      h.grads.dScores[0],
      h.grads.dScores[0].map(() => 1),
    ),
    dWq: h.grads.dWq,
    dWk: h.grads.dWk,
    dWv: h.grads.dWv,
    largestdWq: Math.max(...h.grads.dWq.flat().map(Math.abs)),
    largestdWv: Math.max(...h.grads.dWv.flat().map(Math.abs)),
  }));
}

export default function facts(engine, config) {
  return {
    targets: config.targets.map((t) => ({
      steps: run(engine, config, t),
      withValues: run(engine, config, t, { values: true, lr: VALUES_LR }),
      overshoot: run(engine, config, t, { lr: LR_MAX, steps: 3 }),
    })),
  };
}
