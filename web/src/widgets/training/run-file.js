// The training demo's run file (the live kit's runFormat): its options are the trainer's settings,
// its curves the losses, accuracies and attention the widget draws. Loaded on demand.
import { runFormat, fail } from '../../live/run-file.js';
import { HEADS, WIDTHS, LR, SEED_MAX } from '../training.schema.js';

function checkOptions(o) {
  if (typeof o.task !== 'string' || o.task.length === 0 || o.task.length > 60)
    fail('"options.task" must be a task name');
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > SEED_MAX)
    fail(`"options.seed" must be a whole number from 0 to ${SEED_MAX}`);
  if (!HEADS.includes(o.heads)) fail(`"options.heads" must be one of ${HEADS.join(', ')}`);
  if (!WIDTHS.includes(o.width)) fail(`"options.width" must be one of ${WIDTHS.join(', ')}`);
  if (typeof o.lr !== 'number' || !Number.isFinite(o.lr) || o.lr < LR.min || o.lr > LR.max)
    fail(`"options.lr" must be a number from ${LR.min} to ${LR.max}`);
  if (typeof o.layerNorm !== 'boolean') fail('"options.layerNorm" must be true or false');
  return { task: o.task, seed: o.seed, heads: o.heads, width: o.width, lr: o.lr, layerNorm: o.layerNorm };
}

export const { runToJson, parseRun, readRunFile } = runFormat({
  format: 'self-attention-training-run',
  checkOptions,
  fields: ['trainLoss', 'heldoutLoss', 'trainAccuracy', 'heldoutAccuracy', 'attention'],
  fractions: ['trainAccuracy', 'heldoutAccuracy', 'attention'],
});
