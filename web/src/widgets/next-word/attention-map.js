// One head's causal attention over the prompt as a heat map with the numbers in it: row i is the
// word predicting what follows it, columns the words it may read. Cells right of the diagonal are
// the words not written yet; the model never sees them, so they are hatched like lesson 7's mask.
import { el } from '../../ui/dom.js';
import { select } from '../../ui/controls.js';
import { matrixView } from '../../ui/matrix-view.js';

/** attentionMap({ onChange }) -> { node, setShape(layers, heads), show(tokens, layers) } */
export function attentionMap() {
  const frame = el('div', { class: 'scroll-x' });
  let last = null;
  const redraw = () => last && draw(...last);
  const layer = select({ label: 'Layer', options: [], value: '', onChange: redraw });
  const head = select({ label: 'Head', options: [], value: '', onChange: redraw });
  // No layer or head to choose until the worker has made the model and said its shape.
  layer.input.disabled = true;
  head.input.disabled = true;
  function draw(tokens, maps) {
    const l = Number(layer.input.value || 0);
    const h = Number(head.input.value || 0);
    const rows = maps[l]?.[h];
    if (!rows) return;
    const view = matrixView({
      name: 'attention',
      label: `Layer ${l + 1}, head ${h + 1}`,
      values: rows,
      rowLabels: tokens,
      colLabels: tokens,
      digits: 2,
      fixed: true,
      heat: { min: 0, max: 1 },
    });
    rows.forEach((row, i) =>
      row.forEach((_, j) => {
        if (j <= i) return;
        const td = view.cell(i, j);
        td.style.background = '';
        td.style.color = '';
        td.classList.add('masked');
      }),
    );
    frame.replaceChildren(view.node);
  }
  const numbered = (n) => Array.from({ length: n }, (_, i) => el('option', { value: String(i) }, String(i + 1)));
  return {
    node: el('div', { class: 'attention-map' }, el('div', { class: 'controls' }, layer.node, head.node), frame),
    setShape(layers, heads) {
      layer.input.replaceChildren(...numbered(layers));
      head.input.replaceChildren(...numbered(heads));
      layer.input.value = String(layers - 1);
      layer.input.disabled = false;
      head.input.disabled = false;
    },
    show(tokens, maps) {
      last = [tokens, maps];
      draw(tokens, maps);
    },
  };
}
