// The numbers lesson 12's prose states about its demo, computed by the engine's language model for
// a fence's config (no DOM), on the grid of evaluated steps the widget's worker uses.
//
// Two layers (the default): untrained figures; reachedStep, the first evaluated step at which a
// layer-2 head's prefix-matching score is at least 0.8 and copy accuracy at least 95% (the
// widget's target); phase, the phase change (models/phase-change.js) with the plateau before it.
// What a learner sees of the trained model moves from step to step, so it is measured at every
// checkpoint they may look at (the target step, and LATER steps after it) and given as its
// range, trained.min / trained.max: copy accuracy, the induction head's scores (the layer-2 head
// with the higher prefix-matching score at the target), the layer-1 heads' previous-token
// scores, what silencing each head costs (ablation: the copy accuracy lost, in points) and the
// induction stripe on the fence's prompt (the induction head's weight on the token after the
// earlier copy of each repeated letter).
// One layer: the same settings for ONE_LAYER_STEPS steps (more than two layers need for the
// target), and the highest copy accuracy and prefix-matching score reached at any evaluated step.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { modelOptions } from '../state/model-options.js';
import { EVAL_EVERY } from '../models/language-model.js';
import { phaseChange } from '../models/phase-change.js';

export const PREFIX_TARGET = 0.8;
export const COPY_TARGET = 0.95;
const MAX_STEPS = 4000;
export const ONE_LAYER_STEPS = 3000;
export const LATER = [500, 2000]; // checkpoints after the target step, in steps

/** The grid entry's figures, as the widget's worker reports them (language-model.js). */
function entry(model, step) {
  const e = model.evaluate();
  const s = model.headScores();
  return { step, copyAccuracy: e.copyAccuracy, chance: e.chance, loss: e.loss, ...s };
}

/** The layer-2 head with the highest prefix-matching score in a grid entry, and that score. */
export function bestLastLayerHead(g) {
  const row = g.prefixMatching.at(-1);
  const head = row.indexOf(Math.max(...row));
  return { layer: g.prefixMatching.length - 1, head, prefixMatching: row[head] };
}

/** Has a grid entry reached the widget's target (a last-layer head and copy accuracy both)? */
export const reachedTarget = (g) =>
  g.prefixMatching.length > 1 && bestLastLayerHead(g).prefixMatching >= PREFIX_TARGET && g.copyAccuracy >= COPY_TARGET;

/** Points of copy accuracy lost when each head is silenced in turn: [layer][head]. */
function ablationCost(model) {
  const { layers, heads } = model.options();
  const base = model.evaluate().copyAccuracy;
  const out = [];
  try {
    for (let l = 0; l < layers; l++) {
      out.push([]);
      for (let h = 0; h < heads; h++) {
        model.ablate(l, h);
        out[l].push({ copy: model.evaluate().copyAccuracy, cost: 100 * (base - model.evaluate().copyAccuracy) });
        model.restore();
      }
    }
  } finally {
    model.restore();
  }
  return out;
}

/**
 * The induction stripe on a prompt: for every token whose letter occurred earlier, the induction
 * head's weight on the token after that earlier copy; their mean and the least of them.
 */
function stripe(model, prompt, ih) {
  const { tokens, layers } = model.attention(prompt);
  const weights = [];
  tokens.forEach((t, i) => {
    const j = tokens.lastIndexOf(t, i - 1);
    if (j > 0 && j + 1 < i) weights.push(layers[ih.layer][ih.head][i][j + 1]);
  });
  if (!weights.length) return { mean: 0, least: 0 };
  return { mean: weights.reduce((a, b) => a + b, 0) / weights.length, least: Math.min(...weights) };
}

/** One checkpoint of a trained two-layer model, with `ih` the induction head found at the target. */
function checkpoint(model, step, ih, prompt) {
  const g = entry(model, step);
  const ablation = ablationCost(model);
  const other = ablation[1].filter((_, h) => h !== ih.head);
  return {
    copyAccuracy: g.copyAccuracy,
    inductionPrefix: g.prefixMatching[1][ih.head],
    layer1PreviousToken: Math.max(...g.previousToken[0]),
    // The induction head silenced: its copy accuracy over chance (<= 2 is "at most twice chance").
    inductionAblatedOverChance: ablation[1][ih.head].copy / g.chance,
    otherLayer2Cost: Math.max(...other.map((a) => a.cost)),
    layer1Cost: {
      least: Math.min(...ablation[0].map((a) => a.cost)),
      most: Math.max(...ablation[0].map((a) => a.cost)),
    },
    ...(prompt ? { stripe: stripe(model, prompt, ih) } : {}),
  };
}

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

function twoLayers(model, prompt) {
  const grid = [entry(model, 0)];
  const untrained = grid[0];
  let hit = null;
  for (let s = EVAL_EVERY; s <= MAX_STEPS && !hit; s += EVAL_EVERY) {
    model.step(EVAL_EVERY);
    grid.push(entry(model, s));
    if (reachedTarget(grid.at(-1))) hit = grid.at(-1);
  }
  const phase = phaseChange(grid);
  const plateau = phase?.plateauEnd == null ? [] : grid.filter((g) => g.step <= phase.plateauEnd);
  const out = {
    untrained: { copyAccuracy: untrained.copyAccuracy, chance: untrained.chance, loss: untrained.loss },
    reachedStep: hit ? hit.step : Infinity,
    // climbSteps: from the plateau's end to nine tenths of the way (Infinity if either is missing).
    phase: phase
      ? {
          ...phase,
          climbSteps: phase.riseEnd != null && phase.plateauEnd != null ? phase.riseEnd - phase.plateauEnd : Infinity,
        }
      : { step: Infinity, climbSteps: Infinity },
    plateau: {
      steps: phase?.plateauEnd ?? 0,
      maxCopyAccuracy: plateau.length ? Math.max(...plateau.map((g) => g.copyAccuracy)) : Infinity,
      // The held-out loss barely moves on the plateau's second half, then drops in the rise.
      lossAtPlateauEnd: plateau.length ? plateau.at(-1).loss : Infinity,
      lossFallSecondHalf: plateau.length
        ? plateau[Math.floor(plateau.length / 2)].loss - plateau.at(-1).loss
        : Infinity,
    },
  };
  if (!hit) return out;
  const ih = bestLastLayerHead(hit);
  const seen = [];
  let at = hit.step;
  for (const later of [0, ...LATER]) {
    if (hit.step + later > at) model.step(hit.step + later - at);
    at = hit.step + later;
    seen.push(checkpoint(model, at, ih, prompt));
  }
  out.atTarget = {
    inductionPrefix: ih.prefixMatching,
    loss: hit.loss,
    layer1PreviousToken: { least: Math.min(...hit.previousToken[0]), most: Math.max(...hit.previousToken[0]) },
    layer1Cost: seen[0].layer1Cost,
  };
  out.trained = range(seen);
  return out;
}

function oneLayer(model) {
  const grid = [entry(model, 0)];
  for (let s = EVAL_EVERY; s <= ONE_LAYER_STEPS; s += EVAL_EVERY) {
    model.step(EVAL_EVERY);
    grid.push(entry(model, s));
  }
  return {
    oneLayer: {
      steps: ONE_LAYER_STEPS,
      maxCopyAccuracy: Math.max(...grid.map((g) => g.copyAccuracy)),
      maxPrefixMatching: Math.max(...grid.flatMap((g) => g.prefixMatching.flat())),
      chance: grid[0].chance,
    },
  };
}

// It trains a model, which takes seconds: tests/node/claims-trained-*.test.mjs check its claims.
export const trains = true;

export default function facts(engine, config) {
  const model = engine.createLanguageModel(
    modelOptions('LanguageModel', {
      task: 'induction',
      seed: config.seed,
      layers: config.layers,
      heads: config.heads,
      lr: config.lr,
    }),
  );
  try {
    return model.options().layers === 1 ? oneLayer(model) : twoLayers(model, config.prompt);
  } finally {
    model.dispose();
  }
}
