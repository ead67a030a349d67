// How focused is a row of attention? For each row of scores the engine computes the softmax
// weights at the chosen temperature and their entropy in bits (attn.attentionEntropy); the bars
// compare each row with the most spread-out row possible over the same words.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { temperatureSlider, tryEngine } from '../ui/controls.js';
import { barChart } from '../ui/bars.js';
import { matrixView } from '../ui/matrix-view.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema from './attention-entropy.schema.js';

const widget = {
  config: configSchema,
  state: { t: param.number({ min: 0.1, max: 10 }) },
  defaults: (config) => ({ t: config.temperature ?? 1 }),
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const labels = config.rows.map((r) => r.label);
  const temperature = temperatureSlider({
    value: v.t,
    onInput(t) {
      v.t = t;
      update();
    },
  });
  const message = messageLine();
  // The flattest row over these words, the bars' full length: equal scores give equal weights.
  const most = tryEngine(message, () => engine.attentionEntropy([engine.softmax(config.words.map(() => 0))])[0]);
  const weightsBox = el('div', { class: 'scroll-x' });
  const bars = barChart({
    title: 'Entropy of each row, in bits',
    labels,
    values: labels.map(() => 0),
    max: most,
    digits: 2,
  });
  root.append(
    el('h3', { class: 'widget-title' }, 'How focused is each row?'),
    el('div', { class: 'controls' }, temperature.node),
    message.node,
    weightsBox,
    el('p', { class: 'widget-note' }, 'Entropy H = −Σ w log₂ w of each row of weights, in bits:'),
    bars.node,
    el(
      'p',
      { class: 'widget-note' },
      `0 bits: all the weight on one word. ${fmt(most, 3)} bits: spread evenly over all ${config.words.length} ` +
        'words, the most a row of them can be.',
    ),
  );

  return {
    render() {
      const result = tryEngine(message, () => {
        const weights = config.rows.map((r) => engine.softmax(r.scores, v.t));
        return { weights, entropy: engine.attentionEntropy(weights) };
      });
      if (!result) return false;
      weightsBox.replaceChildren(
        matrixView({
          name: 'weights',
          label: `Weights = softmax(s / T) of each row, T = ${fmt(v.t, 3)}`,
          values: result.weights,
          digits: 3,
          fixed: true,
          heat: { min: 0, max: 1 },
          rowLabels: labels,
          colLabels: config.words,
        }).node,
      );
      bars.update({ labels, values: result.entropy });
      temperature.set(v.t);
      return true;
    },
  };
});
