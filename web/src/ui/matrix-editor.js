// An editable matrix: a grid of labelled text inputs. Each cell is validated as the learner types;
// onChange(matrix) fires only when every cell holds a valid number. The message below the grid
// names the cell that is wrong. Arrow Up/Down (and Enter) move between rows, Left/Right move
// between cells when the caret is at the edge of the text.
import { el, attachMessage, newId, headerRow } from './dom.js';
import { parseNumber, NUMBER_CHARS } from './parse.js';
import { markRange } from './number-field.js';
import { texNode } from './tex.js';

/**
 * matrixEditor({ name: 'X', label: tex`X`, values, min, max, onChange, rowLabels, colLabels })
 * -> { node, set(values), get(), focusCell(r, c), cell(r, c) }
 */
export function matrixEditor({ name, label, values, min = -1000, max = 1000, onChange, rowLabels, colLabels }) {
  const captionId = newId('mx');
  const table = el('table', { class: 'matrix matrix-editor', 'aria-labelledby': captionId });
  const node = el(
    'div',
    { class: 'matrix-block' },
    el(
      'div',
      { class: 'matrix-label', id: captionId },
      texNode(label ?? name),
      el('span', { class: 'visually-hidden' }, ` (editable ${name})`),
    ),
    table,
  );
  // The message belongs to the whole grid; each invalid cell points at it too.
  const message = attachMessage(table, node);
  let inputs = [];
  let current = values.map((r) => r.slice());
  const bad = new Map(); // "r,c" -> message

  const report = () => {
    const first = bad.values().next();
    message.show(first.done ? '' : first.value);
    table.removeAttribute('aria-invalid');
  };

  const onInput = (r, c, input) => {
    const cellName = `${name} row ${r + 1}, column ${c + 1}`;
    const res = parseNumber(input.value, { min, max, name: cellName });
    if (res.ok) {
      bad.delete(`${r},${c}`);
      input.removeAttribute('aria-invalid');
      current[r][c] = res.value;
    } else {
      bad.set(`${r},${c}`, res.message);
      input.setAttribute('aria-invalid', 'true');
    }
    report();
    if (bad.size === 0) onChange?.(current.map((row) => row.slice()));
  };

  const move = (r, c) => {
    const target = inputs[r]?.[c];
    if (target) {
      target.focus();
      target.select();
    }
  };

  const onKey = (r, c, input, e) => {
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (e.key === 'ArrowUp') move(r - 1, c);
    else if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) move(r + 1, c);
    else if (e.key === 'ArrowLeft' && atStart) move(r, c - 1);
    else if (e.key === 'ArrowRight' && atEnd) move(r, c + 1);
    else return;
    e.preventDefault();
  };

  function build() {
    bad.clear();
    report();
    const rows = current.length;
    const cols = current[0]?.length ?? 0;
    const head = colLabels ? headerRow(colLabels, cols, Boolean(rowLabels)) : null;
    inputs = [];
    const body = el(
      'tbody',
      {},
      current.map((row, r) => {
        inputs[r] = [];
        return el(
          'tr',
          {},
          rowLabels ? el('th', { scope: 'row' }, rowLabels[r] ?? '') : null,
          row.map((v, c) => {
            const input = el('input', {
              type: 'text',
              inputmode: 'decimal',
              autocomplete: 'off',
              spellcheck: 'false',
              value: String(v),
              'aria-label': `${name} row ${r + 1}, column ${c + 1}`,
              'aria-describedby': message.node.id,
              class: 'cell-input',
              maxlength: String(NUMBER_CHARS),
              size: 4,
            });
            markRange(input, { min, max });
            input.addEventListener('input', () => onInput(r, c, input));
            input.addEventListener('keydown', (e) => onKey(r, c, input, e));
            inputs[r][c] = input;
            return el('td', {}, input);
          }),
        );
      }),
    );
    table.replaceChildren(...[head, body].filter(Boolean));
    // Every cell as wide as the longest number in the grid (at least 4 characters), so "0.12"
    // never shows as "0.1" on a phone; a longer number typed later scrolls inside its box.
    const longest = Math.max(4, ...current.flat().map((x) => String(x).length));
    table.style.setProperty('--cell-chars', String(Math.min(longest, 10)));
    table.dataset.rows = String(rows);
    table.dataset.cols = String(cols);
  }

  build();
  return {
    node,
    set(next) {
      current = next.map((r) => r.slice());
      build();
    },
    get: () => current.map((r) => r.slice()),
    focusCell: move,
    // For createLinker: an editor can be the source a computed cell is highlighted back to.
    cell: (r, c) => inputs[r]?.[c]?.parentElement ?? null,
    name,
  };
}
