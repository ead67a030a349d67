// A live model's attention maps are refreshed while it trains: the new weights go into the cells
// of a matrixView heat map in place, so a keyboard user exploring the cells keeps their focus.
import { fmt } from '../ui/format.js';
import { viridis } from '../ui/colors.js';

/**
 * New weights into a heat map's cells in place (focus stays), each labelled by describe(r, c, v).
 */
export function refreshCells(view, values, describe) {
  for (let r = 0; r < values.length; r++) {
    for (let c = 0; c < values[r].length; c++) {
      const td = view.cell(r, c);
      const v = values[r][c];
      const text = fmt(v, 2, { fixed: true }); // 0.00, not 3.5e-13: the colour carries the rest
      // Unchanged as its label says it (four decimals): skip the cell (no style recalculation for
      // the untrained maps or a settled model). Not at the cell's two decimals: a new model whose
      // weight rounds the same kept the old model's four-decimal label and colour.
      const label = describe(r, c, v);
      if (td.title === label && td.dataset.shown === 'y') continue;
      td.textContent = text;
      td.dataset.shown = 'y';
      td.setAttribute('aria-label', label);
      td.title = label; // the number on hover, with more digits than the cell has room for
      const colour = viridis(v);
      td.style.background = colour.background;
      td.style.color = colour.color;
    }
  }
}
