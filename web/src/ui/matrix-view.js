// A read-only matrix (optionally a heatmap), and the linker that makes "where did this number
// come from?" answerable: hover or focus a cell, the cells it was computed from light up and the
// equation with the real values is shown (as in llm-viz). Cells are keyboard reachable: one Tab
// stop per matrix, arrow keys move between cells.
import { el, newId, headerRow } from './dom.js';
import { fmt } from './format.js';
import { viridis } from './colors.js';
import { texNode } from './tex.js';
import { exportMenu } from './export-menu.js';

/**
 * matrixView({ name, label, values, digits, fixed, heat, rowLabels, colLabels, linker, caption })
 *   fixed: always `digits` decimals (0.000 rather than 2.4e-118 for a vanishing weight)
 *   heat: false | 'auto' (scale over the finite values) | { min, max }
 * -> { node, update(values), cell(r, c) }
 */
export function matrixView({
  name,
  label,
  values,
  digits = 2,
  fixed = false,
  heat = false,
  rowLabels,
  colLabels,
  linker,
  caption,
}) {
  const labelId = newId('mv');
  const table = el('table', { class: `matrix matrix-view${heat ? ' heatmap' : ''}`, 'aria-labelledby': labelId });
  const node = el(
    'figure',
    { class: 'matrix-block', dataset: { matrix: name } },
    el(
      'figcaption',
      { class: 'matrix-label', id: labelId },
      texNode(label ?? name),
      caption ? el('span', { class: 'matrix-caption' }, caption) : null,
    ),
    table,
  );
  let cells = [];
  let shown = values;
  let range = { min: 0, max: 1 };
  node.append(
    exportMenu({
      title: () => name,
      figure: heat
        ? () => ({ heatmap: { title: name, values: shown, range, rowLabels, colLabels, digits, fixed } })
        : null,
      matrix: () => shown,
    }),
  );
  let focusR = 0;
  let focusC = 0;

  const focusCell = (r, c) => {
    const target = cells[r]?.[c];
    if (!target) return;
    cells[focusR]?.[focusC]?.setAttribute('tabindex', '-1');
    target.setAttribute('tabindex', '0');
    focusR = r;
    focusC = c;
    target.focus();
  };

  function render(vals) {
    const finite = vals.flat().filter(Number.isFinite);
    let lo = 0;
    let hi = 1;
    if (heat === 'auto') {
      lo = finite.length ? Math.min(...finite) : 0;
      hi = finite.length ? Math.max(...finite) : 1;
    } else if (heat) {
      ({ min: lo, max: hi } = heat);
    }
    shown = vals;
    range = { min: lo, max: hi };
    const head = colLabels ? headerRow(colLabels, vals[0].length, Boolean(rowLabels)) : null;
    cells = [];
    focusR = Math.min(focusR, vals.length - 1);
    focusC = Math.min(focusC, (vals[0]?.length ?? 1) - 1);
    const body = el(
      'tbody',
      {},
      vals.map((row, r) => {
        cells[r] = [];
        return el(
          'tr',
          {},
          rowLabels ? el('th', { scope: 'row' }, rowLabels[r] ?? '') : null,
          row.map((v, c) => {
            const td = el(
              'td',
              { tabindex: r === focusR && c === focusC ? '0' : '-1', dataset: { r: String(r), c: String(c) } },
              fmt(v, digits, { fixed }),
            );
            td.setAttribute('aria-label', `${name} row ${r + 1}, column ${c + 1}: ${fmt(v, 6)}`);
            if (heat) {
              if (Number.isFinite(v)) {
                const colour = viridis(hi > lo ? (v - lo) / (hi - lo) : 0.5);
                td.style.background = colour.background;
                td.style.color = colour.color;
              } else {
                td.classList.add('masked');
              }
            }
            cells[r][c] = td;
            return td;
          }),
        );
      }),
    );
    table.replaceChildren(...[head, body].filter(Boolean));
  }

  table.addEventListener('keydown', (e) => {
    const moves = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Home: [0, -Infinity],
      End: [0, Infinity],
    };
    const d = moves[e.key];
    if (!d) return;
    e.preventDefault();
    const rows = cells.length;
    const cols = cells[0]?.length ?? 0;
    const clamp = (x, n) => Math.max(0, Math.min(n - 1, x));
    focusCell(
      clamp(focusR + d[0], rows),
      clamp(focusC + (Number.isFinite(d[1]) ? d[1] : d[1] > 0 ? cols : -cols), cols),
    );
  });
  const cellOf = (e) => e.target.closest?.('td[data-r]');
  table.addEventListener('pointerover', (e) => {
    const td = cellOf(e);
    if (td) linker?.show(name, Number(td.dataset.r), Number(td.dataset.c));
  });
  table.addEventListener('focusin', (e) => {
    const td = cellOf(e);
    if (!td) return;
    focusR = Number(td.dataset.r);
    focusC = Number(td.dataset.c);
    linker?.show(name, focusR, focusC);
  });

  render(values);
  const view = { node, update: render, cell: (r, c) => cells[r]?.[c] ?? null, name };
  linker?.register(name, view);
  return view;
}

/**
 * createLinker({ explain }) — explain(name, r, c) returns
 *   { sources: [{ name, row } | { name, col } | { name, cells: [[r, c]] }], equation: Node | string }
 * or null (nothing to show). linker.node is the live region that shows the equation.
 */
export function createLinker({
  explain,
  placeholder = 'Hover or focus any computed number to see where it comes from.',
}) {
  const views = new Map();
  const lit = new Set();
  // placeholder null: the box hides while nothing is hovered (for a floating/sticky box).
  const output = el(
    'div',
    { class: 'link-equation', 'aria-live': 'polite', hidden: placeholder === null },
    placeholder ?? '',
  );
  const idle = () => {
    output.replaceChildren(placeholder ?? '');
    output.hidden = placeholder === null;
  };

  const light = (td, cls) => {
    if (!td) return;
    td.classList.add(cls);
    lit.add(td);
  };
  const clear = () => {
    for (const td of lit) td.classList.remove('is-target', 'is-source');
    lit.clear();
  };

  return {
    node: output,
    register(name, view) {
      views.set(name, view);
    },
    clear() {
      clear();
      idle();
    },
    show(name, r, c) {
      clear();
      const info = explain(name, r, c);
      if (!info) {
        idle();
        return;
      }
      light(views.get(name)?.cell(r, c), 'is-target');
      for (const s of info.sources || []) {
        const v = views.get(s.name);
        if (!v) continue;
        if (s.cells) for (const [rr, cc] of s.cells) light(v.cell(rr, cc), 'is-source');
        if (s.row !== undefined) for (let cc = 0; v.cell(s.row, cc); cc++) light(v.cell(s.row, cc), 'is-source');
        if (s.col !== undefined) for (let rr = 0; v.cell(rr, s.col); rr++) light(v.cell(rr, s.col), 'is-source');
      }
      output.replaceChildren(info.equation);
      output.hidden = false;
    },
  };
}
