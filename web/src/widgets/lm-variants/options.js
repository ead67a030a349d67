// The options of an lm-variants fence's models: the shared ones, each variant's over them, the
// task always induction. The widget and its facts make the same models from them.
import { modelOptions } from '../../state/model-options.js';

export const variantOptions = (config) =>
  config.variants.map((v) => modelOptions('LanguageModel', { ...config.options, ...v.options, task: 'induction' }));
