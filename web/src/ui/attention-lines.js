// A picture of attention beside the heat maps: the words in a row twice, "from" above and "to"
// below, joined by lines whose thickness and opacity are the weights. The heat maps keep the
// precise numbers; this shows at a glance where a word looks. The selected word's weights are
// also printed under the lower row and in a text alternative, so nothing rests on line width.
import { el, newId } from './dom.js';
import { fmt } from './format.js';
import './attention-lines.css';

const SVG_HEIGHT = 100; // viewBox units; the box is stretched to the card's width

/** Weight -> stroke width in CSS pixels (non-scaling stroke) and opacity; 0 still shows faintly. */
const strokeOf = (w) => {
  const t = Number.isFinite(w) ? Math.max(0, Math.min(1, w)) : 0;
  // Opacity on a square-root scale so weights around 0.3 to 0.5 still read clearly.
  return { width: 0.75 + 9 * t, opacity: 0.12 + 0.88 * Math.sqrt(t) };
};

/**
 * attentionLines({ title, tokens, weights, selected = 0, all = false, onSelect, digits = 2,
 *                  targets, lang, targetLang, notes })
 *   -> { node, update({ tokens, weights, selected, all, targets, notes }), get selected() }
 * weights[i][j]: how much token i takes from token j (rows sum to 1, as the engine returns them).
 * The upper tokens are buttons: click, Enter, or arrow keys pick the word whose lines are shown.
 * Between two sentences (cross-attention): targets are the lower row's words (default: tokens),
 * lang and targetLang the rows' languages, notes a line under each upper word (a romanisation).
 */
export function attentionLines({
  title,
  tokens,
  weights,
  selected = 0,
  all = false,
  onSelect,
  digits = 2,
  targets,
  lang,
  targetLang,
  notes,
}) {
  const state = { tokens, weights, selected, all, targets, notes };
  const targetsOf = () => state.targets ?? state.tokens;
  const titleId = newId('lines');
  const allId = newId('lines-all');
  const allBox = el('input', { type: 'checkbox', id: allId, checked: all });
  const top = el('div', { class: 'lines-row lines-from', role: 'group', 'aria-label': 'Attention from' });
  const bottom = el('div', { class: 'lines-row lines-to', 'aria-hidden': 'true' });
  const svg = el('svg:svg', {
    class: 'lines-svg',
    viewBox: `0 0 100 ${SVG_HEIGHT}`,
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  // Not a live region: training rewrites it many times a second.
  const summary = el('p', { class: 'lines-summary' });
  const box = el('div', { class: 'lines-box' }, top, svg, bottom);
  const node = el(
    'figure',
    { class: 'attention-lines', 'aria-labelledby': titleId },
    el(
      'figcaption',
      { class: 'lines-head' },
      el('span', { class: 'lines-title', id: titleId }, title),
      el('label', { class: 'lines-all', for: allId }, allBox, ' every word at once'),
    ),
    // Words are never broken inside: when the slots would be narrower than the longest word
    // (a long sentence on a phone), the box keeps its width and scrolls sideways (ui/scroll-cue.js).
    el('div', { class: 'lines-scroll scroll-x' }, box),
    summary,
  );

  const select = (i, focus = false) => {
    const n = state.tokens.length;
    state.selected = ((i % n) + n) % n;
    render();
    if (focus) top.children[state.selected]?.focus();
    onSelect?.(state.selected);
  };
  allBox.addEventListener('change', () => {
    state.all = allBox.checked;
    render();
  });

  function setLine(path, w, active) {
    const { width, opacity } = strokeOf(w);
    path.setAttribute('stroke-width', active ? width : width * 0.6);
    path.setAttribute('stroke-opacity', active ? opacity : opacity * 0.6);
    path.dataset.weight = w;
  }

  function line(i, j, active) {
    const x1 = ((i + 0.5) / state.tokens.length) * 100;
    const x2 = ((j + 0.5) / targetsOf().length) * 100;
    return el('svg:path', {
      class: active ? 'line active' : 'line',
      d: `M ${x1} 0 C ${x1} ${SVG_HEIGHT / 2}, ${x2} ${SVG_HEIGHT / 2}, ${x2} ${SVG_HEIGHT}`,
      'vector-effect': 'non-scaling-stroke',
      dataset: { from: i, to: j },
    });
  }

  /** Tokens and lines as elements; rebuilt only when the words, the pick or the mode change. */
  let shape = '';
  let paths = [];
  let weightCells = [];
  function layout(toks) {
    // A widget may re-render on every pick: keep the keyboard on the chosen word.
    const hadFocus = top.contains(document.activeElement);
    top.replaceChildren(
      ...toks.map((t, i) =>
        el(
          'button',
          {
            type: 'button',
            class: 'lines-token',
            lang,
            'aria-pressed': String(i === state.selected),
            tabindex: i === state.selected ? '0' : '-1',
            onclick: () => select(i),
            onkeydown: (e) => {
              const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
              if (step) {
                e.preventDefault();
                select(i + step, true);
              } else if (e.key === 'Home' || e.key === 'End') {
                e.preventDefault();
                select(e.key === 'Home' ? 0 : toks.length - 1, true);
              }
            },
          },
          t,
          state.notes?.[i] ? el('span', { class: 'lines-note', lang: 'en' }, state.notes[i]) : null,
        ),
      ),
    );
    if (hadFocus) top.children[state.selected]?.focus();
    const to = targetsOf();
    box.style.setProperty('--slots', String(Math.max(toks.length, to.length, 1)));
    box.style.setProperty('--longest', String(Math.max(...[...toks, ...to].map((t) => String(t).length), 1)));
    weightCells = to.map(() => el('span', { class: 'lines-weight' }));
    bottom.replaceChildren(
      ...to.map((t, j) =>
        el('span', { class: 'lines-token' }, el('span', { class: 'lines-word', lang: targetLang }, t), weightCells[j]),
      ),
    );
    paths = [];
    if (state.all) {
      toks.forEach((_, i) => {
        if (i !== state.selected) to.forEach((__, j) => paths.push(line(i, j, false)));
      });
    }
    to.forEach((_, j) => paths.push(line(state.selected, j, true)));
    svg.replaceChildren(...paths);
  }

  function render() {
    const { tokens: toks, weights: W } = state;
    state.selected = Math.max(0, Math.min(state.selected, toks.length - 1));
    const key = `${toks.join('\u0000')}|${targetsOf().join('\u0000')}|${state.notes?.join('\u0000')}|${state.selected}|${state.all}`;
    if (key !== shape) {
      shape = key;
      layout(toks);
    }
    // Training refreshes the weights many times a second: only numbers and attributes change here.
    const row = W[state.selected] || [];
    for (const path of paths) {
      const i = Number(path.dataset.from);
      setLine(path, W[i]?.[Number(path.dataset.to)], i === state.selected);
    }
    weightCells.forEach((cell, j) => (cell.textContent = fmt(row[j], digits, { fixed: true })));
    const ranked = row.map((w, j) => [w, j]).sort((a, b) => b[0] - a[0]);
    // No words yet (a model still loading): no sentence about a word that is not there.
    summary.textContent = !toks.length
      ? ''
      : `“${toks[state.selected]}” takes ` +
        ranked.map(([w, j]) => `${fmt(w, digits, { fixed: true })} from “${targetsOf()[j]}”`).join(', ') +
        '.';
  }
  render();
  return {
    node,
    get selected() {
      return state.selected;
    },
    update(next = {}) {
      Object.assign(state, Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)));
      allBox.checked = state.all;
      render();
    },
  };
}
