// The temperature sweep on the learner's model: the share of sampled sentences the grammar
// accepts at each temperature (the worker's 'sweep' question, models/language-model/
// judged-samples.js), as bars with the share printed beside each.
import { el, messageLine } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { barChart } from '../../ui/bars.js';
import { capitalise } from '../../live/sentence.js';
import { SWEEP_SAMPLES } from '../../models/language-model/judged-samples.js';

/** temperatureSweep({ temperatures, ask, setBusy }) -> { node, measure() } */
export function temperatureSweep({ temperatures, ask, setBusy }) {
  const label = (t) => `T = ${fmt(t, 2)}`;
  const bars = barChart({
    title: 'Share of sampled sentences that are grammatical, by temperature',
    labels: temperatures.map(label),
    values: temperatures.map(() => 0),
  });
  bars.node.hidden = true;
  const status = messageLine();
  const note = el('p', { class: 'widget-note', 'aria-live': 'polite' });
  const button = el(
    'button',
    { type: 'button', class: 'button', dataset: { preset: 'sweep' }, onclick: () => measure() },
    `Measure: ${SWEEP_SAMPLES} sentences at each temperature`,
  );
  async function measure() {
    setBusy(true);
    button.disabled = true;
    note.textContent = 'Sampling…';
    const r = await ask('sweep', '<bos>', temperatures, SWEEP_SAMPLES);
    button.disabled = false;
    setBusy(false);
    if (!r) return;
    if (!r.ok) {
      note.textContent = '';
      return status.show(`${capitalise(r.message)}.`);
    }
    status.clear();
    bars.node.hidden = false;
    bars.update({ labels: r.value.map((x) => label(x.temperature)), values: r.value.map((x) => x.share) });
    note.textContent = `Measured at step ${r.step.toLocaleString('en')}, sentences from the start (<bos>), seeds 1 to ${SWEEP_SAMPLES}, no top-k or top-p.`;
  }
  return {
    node: el(
      'section',
      { class: 'temperature-sweep' },
      el('h4', { class: 'maps-title' }, 'How grammar falls as the temperature rises'),
      el('div', { class: 'controls' }, button),
      status.node,
      bars.node,
      note,
    ),
    measure,
  };
}
