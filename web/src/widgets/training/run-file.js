// The training demo's run file (the live kit's runFormat): its options are the trainer's declared
// options, within what the widget's config offers; its curves the losses, accuracies and attention
// the widget draws. Loaded on demand.
import { runFormat } from '../../live/run-file.js';
import configSchema from '../training.schema.js';

export const { runToJson, parseRun, readRunFile } = runFormat({
  format: 'self-attention-training-run',
  model: 'Trainer',
  offered: configSchema.fields,
  fields: ['trainLoss', 'heldoutLoss', 'trainAccuracy', 'heldoutAccuracy', 'attention'],
  fractions: ['trainAccuracy', 'heldoutAccuracy', 'attention'],
});
