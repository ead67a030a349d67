// Lesson 12's ablation: the worker silences every head in turn on the model as it is now (the
// language model's `ablation` question) and this view says what the picked head's silence costs,
// with the copy accuracy for every head silenced as bars beside the model whole and chance.
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { barChart } from '../../ui/bars.js';
import { headName } from './head-cards.js';

const pct = (x) => `${fmt(100 * x, 1, { fixed: true })}%`;

/**
 * ablationView() -> { node, busy(layer, head), show(result, layer, head, step), fail(message), clear() }
 * result: the `ablation` question's value, { baseline, heads[layer][head] }, each evaluate()'s
 * figures (copyAccuracy, chance).
 */
export function ablationView() {
  const line = el('p', { class: 'ablation-line', 'aria-live': 'polite' });
  const bars = barChart({ title: 'Copy accuracy with each head silenced', labels: [], values: [] });
  const chartBox = el(
    'div',
    { class: 'ablation-bars', hidden: true },
    el('p', { class: 'widget-note' }, 'Copy accuracy on the repeat with each head silenced in turn:'),
    bars.node,
  );
  const node = el('div', { class: 'ablation' }, line, chartBox);
  return {
    node,
    busy(layer, head) {
      node.dataset.state = 'busy';
      line.textContent = `Silencing ${headName(layer, head).toLowerCase()} and the others in turn…`;
    },
    show({ baseline, heads }, layer, head, step) {
      const picked = heads[layer][head];
      const lost = 100 * (baseline.copyAccuracy - picked.copyAccuracy);
      line.textContent =
        `At step ${step.toLocaleString('en')}, with ${headName(layer, head).toLowerCase()} silenced, copy accuracy is ` +
        `${pct(picked.copyAccuracy)} (the whole model at that step: ${pct(baseline.copyAccuracy)}; ${fmt(Math.abs(lost), 1, { fixed: true })} points ` +
        `${lost >= 0 ? 'lost' : 'gained'}; chance: ${pct(baseline.chance)}).`;
      const labels = ['whole model', 'chance'];
      const values = [baseline.copyAccuracy, baseline.chance];
      heads.forEach((row, l) =>
        row.forEach((f, h) => {
          labels.push(`${headName(l, h).toLowerCase()}${l === layer && h === head ? ' ◂' : ''}`);
          values.push(f.copyAccuracy);
        }),
      );
      bars.update({ labels, values });
      chartBox.hidden = false;
      node.dataset.state = 'done';
      node.dataset.copy = String(picked.copyAccuracy);
      node.dataset.baseline = String(baseline.copyAccuracy);
      node.dataset.head = `${layer},${head}`;
    },
    fail(message) {
      node.dataset.state = 'failed';
      line.textContent = `The heads could not be silenced: ${message}.`;
    },
    clear() {
      delete node.dataset.state;
      line.textContent = '';
      chartBox.hidden = true;
    },
  };
}
