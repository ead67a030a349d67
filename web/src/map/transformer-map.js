// The interactive map of the encoder-decoder transformer, drawn as SVG from
// content/transformer-map.json (blocks, lesson links, size presets) and web/src/map/layout.js
// (where each block sits). Every block is a link to the lesson that teaches it; hovering or
// focusing one shows the shapes flowing through it for the chosen sizes and sentence lengths.
// Loaded only when a lesson's "Where this lesson sits" is opened (web/src/map/strip.js).
import mapData from 'virtual:transformer-map';
import { lessons } from 'virtual:lessons';
import { el, newId } from '../ui/dom.js';
import { numberField } from '../ui/number-field.js';
import {
  ADDERS,
  BOXES,
  containerOf,
  CROSS,
  CROSS_LABEL,
  FEET,
  FLOW,
  FRAMES,
  REPEATS,
  RESIDUALS,
  VIEW,
} from './layout.js';
import { LENGTH_LIMIT, shapeLine } from './map-data.js';
import './transformer-map.css';

const lessonBySlug = new Map(lessons.map((l) => [l.slug, l]));
const svg = (tag, props, ...children) => el(`svg:${tag}`, props, ...children);
const HOVER_MS = 120;
const ARROW_KEYS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

/** Greedy word wrap for SVG text, which does not wrap by itself. */
function wrap(text, width) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function centre(id) {
  const [x, y, w, h] = BOXES[id];
  return { x: x + w / 2, y: y + h / 2 };
}

const holders = new Set(Object.keys(BOXES).map(containerOf));
const holdsOthers = (id) => holders.has(id);

/**
 * The block nearest to `id` in the direction of an arrow key, favouring ones straight ahead. The
 * blocks inside another (Q K V inside multi-head attention) are reached from that block or from
 * each other, so moving up the stream from outside steps onto the whole attention block first.
 */
export function nearestBlock(id, [dx, dy], ids = Object.keys(BOXES)) {
  const from = centre(id);
  let best = null;
  let bestScore = Infinity;
  for (const other of ids) {
    const holder = containerOf(other);
    if (other === id || (holder && holder !== id && holder !== containerOf(id))) continue;
    const to = centre(other);
    const along = (to.x - from.x) * dx + (to.y - from.y) * dy;
    if (along <= 0) continue;
    const score = along + 3 * Math.abs((to.x - from.x) * dy - (to.y - from.y) * dx);
    if (score < bestScore) [best, bestScore] = [other, score];
  }
  return best;
}

function lessonName(slug) {
  const l = lessonBySlug.get(slug);
  return `lesson ${l.n}, ${l.title}`;
}

function blockNode(block, here) {
  const [x, y, w, h, kind] = BOXES[block.id];
  const name = `${block.label}. Taught in ${block.lessons.map(lessonName).join('; and ')}`;
  const node = svg('a', {
    href: `#/${block.lessons[0]}`,
    class: `map-block map-${kind}${here ? ' is-here' : ''}`,
    'aria-label': name,
    'data-block': block.id,
  });
  node.append(svg('rect', { x, y, width: w, height: h, rx: kind === 'chip' ? 4 : 6 }));
  const perLine = { chip: 9, pos: 11, stack: 16 }[kind] ?? 30;
  const lines = wrap(block.short ?? block.label, perLine);
  const lineHeight = kind === 'pos' ? 12 : 14;
  const top = holdsOthers(block.id) ? y + 16 : y + h / 2 - ((lines.length - 1) * lineHeight) / 2 + 4;
  // The trailing space keeps wrapped words apart in the accessible name ("Positional encoding").
  lines.forEach((line, i) =>
    node.append(
      svg(
        'text',
        { x: x + w / 2, y: top + i * lineHeight, 'text-anchor': 'middle' },
        i < lines.length - 1 ? `${line} ` : line,
      ),
    ),
  );
  return node;
}

function drawing(markerId) {
  const marker = `url(#${markerId})`;
  const text = (x, y, s, props = {}) => svg('text', { x, y, ...props }, s);
  const foot = ([x, y], title, sentence, lang) => [
    text(x, y, title, { 'text-anchor': 'middle', class: 'map-foot-title' }),
    text(x, y + 18, sentence, { 'text-anchor': 'middle', class: 'map-foot-sentence', lang }),
  ];
  return svg(
    'g',
    { 'aria-hidden': 'true' },
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: markerId,
          viewBox: '0 0 10 10',
          refX: '9',
          refY: '5',
          markerWidth: '7',
          markerHeight: '7',
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M0 0L10 5L0 10z', class: 'map-arrowhead' }),
      ),
    ),
    FRAMES.map(([x, y, width, height]) => svg('rect', { x, y, width, height, rx: 10, class: 'map-frame' })),
    REPEATS.map(([x, y, anchor], i) =>
      text(x, y, i === 0 ? 'N×' : '×N', { 'text-anchor': anchor, class: 'map-repeat' }),
    ),
    FLOW.map((d) => svg('path', { d, class: 'map-flow', 'marker-end': marker })),
    RESIDUALS.map((d) => svg('path', { d, class: 'map-residual', 'marker-end': marker })),
    svg('path', { d: CROSS, class: 'map-cross', 'marker-end': marker }),
    CROSS_LABEL.y.map((y, i) =>
      text(CROSS_LABEL.x, y, ['encoder output, read by', 'every decoder layer'][i], {
        'text-anchor': 'middle',
        class: 'map-cross-label',
      }),
    ),
    ADDERS.map(([cx, cy]) => [
      svg('circle', { cx, cy, r: 10, class: 'map-adder' }),
      svg('path', { d: `M${cx - 6} ${cy}H${cx + 6}M${cx} ${cy - 6}V${cy + 6}`, class: 'map-adder-plus' }),
    ]),
    foot(FEET.enc, 'Inputs (English)', mapData.example.source, 'en'),
    foot(FEET.dec, 'Outputs, shifted right (Hindi)', mapData.example.target, 'hi'),
  );
}

/**
 * mountTransformerMap(root, { highlight: [block ids this lesson teaches] }) -> { destroy() }
 */
export function mountTransformerMap(root, { highlight = [] } = {}) {
  const data = mapData;
  const here = new Set(highlight);
  const blocks = new Map(data.blocks.map((b) => [b.id, b]));
  const state = {
    preset: data.presets[0],
    n: data.example.n,
    m: data.example.m,
    active: highlight[0] ?? data.blocks[0].id,
  };

  const sizesLine = el('p', { class: 'map-sizes' });
  // Radio buttons, not a <select>: two choices read better side by side, and both stay visible.
  const radioGroup = newId('map-preset');
  const presetPick = el(
    'fieldset',
    { class: 'map-presets' },
    el('legend', {}, 'Sizes'),
    data.presets.map((p) => {
      const id = newId('map-preset');
      return el(
        'div',
        { class: 'check' },
        el('input', {
          type: 'radio',
          id,
          name: radioGroup,
          value: p.id,
          checked: p === state.preset,
          onchange: () => {
            state.preset = p;
            update();
          },
        }),
        el('label', { for: id }, p.label),
      );
    }),
  );
  const lengthField = (key, label) =>
    numberField({
      label,
      value: state[key],
      min: 1,
      max: LENGTH_LIMIT,
      integer: true,
      name: label,
      width: '5rem',
      onChange: (v) => {
        state[key] = v;
        update();
      },
    });
  const nField = lengthField('n', 'English tokens n');
  const mField = lengthField('m', 'Hindi tokens m');
  const readout = el('div', { class: 'map-readout', 'aria-live': 'polite' });

  const nodes = new Map();
  for (const b of data.blocks) nodes.set(b.id, blockNode(b, here.has(b.id)));
  const picture = svg(
    'svg',
    {
      class: 'map-svg',
      viewBox: `0 0 ${VIEW.width} ${VIEW.height}`,
      role: 'group',
      'aria-label': 'The transformer: the encoder on the left, the decoder on the right, read from the bottom up',
    },
    drawing(newId('map-arrow')),
    // Outer boxes first, so the boxes they hold are on top and get the pointer.
    [...nodes.values()].sort((a, b) => holdsOthers(b.dataset.block) - holdsOthers(a.dataset.block)),
  );
  const scroller = el('div', { class: 'map-scroll' }, picture);
  const cue = el('p', { class: 'map-scroll-cue', hidden: true }, 'Scroll sideways to see the whole map →');

  // The pointer must rest on a block to read it out: on its way to the read-out's links it
  // crosses other blocks, which must not replace what the learner went to click.
  let hoverTimer = 0;
  // A touch screen has no hover: the first tap on a block reads it out, a second tap opens it.
  let firstTap = null;
  for (const [id, node] of nodes) {
    node.addEventListener('pointerenter', (e) => {
      clearTimeout(hoverTimer);
      if (e.pointerType !== 'touch') hoverTimer = setTimeout(() => activate(id), HOVER_MS);
    });
    node.addEventListener('pointerleave', () => clearTimeout(hoverTimer));
    node.addEventListener('pointerdown', (e) => {
      firstTap = e.pointerType === 'touch' && state.active !== id ? id : null;
      activate(id);
    });
    node.addEventListener('click', (e) => {
      if (firstTap !== id) return;
      firstTap = null;
      e.preventDefault();
    });
    node.addEventListener('focus', () => activate(id));
  }
  picture.addEventListener('keydown', (e) => {
    const from = e.target.closest?.('[data-block]');
    if (!ARROW_KEYS[e.key] || !from) return;
    const next = nearestBlock(from.dataset.block, ARROW_KEYS[e.key]);
    if (!next) return;
    e.preventDefault();
    nodes.get(next).focus();
  });
  const resize = new ResizeObserver(() => {
    cue.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
  });
  resize.observe(scroller);

  function activate(id) {
    if (state.active === id) return;
    state.active = id;
    update();
  }

  function update() {
    const sizes = { ...state.preset.sizes, n: state.n, m: state.m };
    sizesLine.textContent = `${state.preset.note} ${Object.entries(state.preset.sizes)
      .map(([k, v]) => `${k} = ${v.toLocaleString('en-US')}`)
      .join(', ')}.`;
    for (const [id, node] of nodes) node.classList.toggle('is-active', id === state.active);
    const block = blocks.get(state.active);
    readout.replaceChildren(
      el('h3', { class: 'map-readout-title' }, block.label),
      el(
        'dl',
        { class: 'map-shapes' },
        block.shapes.map((s) => {
          const line = shapeLine(s, sizes);
          return el(
            'div',
            {},
            el('dt', {}, line.what),
            el(
              'dd',
              {},
              el('span', { class: 'map-symbolic' }, line.symbolic),
              line.numeric === line.symbolic ? '' : el('span', { class: 'map-numeric' }, ` = ${line.numeric}`),
              line.each ? `, for each of ${line.each} heads` : '',
            ),
          );
        }),
      ),
      el(
        'p',
        { class: 'map-lessons' },
        'Taught in ',
        block.lessons.map((slug, i) => [i > 0 ? ' and ' : '', el('a', { href: `#/${slug}` }, lessonName(slug))]),
        '.',
      ),
    );
  }

  update();
  root.replaceChildren(
    el('div', { class: 'map-controls' }, presetPick, nField.node, mField.node),
    sizesLine,
    el(
      'p',
      { class: 'map-hint' },
      'Hover over a block, or Tab to it (arrow keys move between blocks), to see the shapes flowing through it; click it to open its lesson (on a touch screen: tap once to read, again to open). Outlined thick: what this lesson teaches.',
    ),
    el('div', { class: 'map-layout' }, el('div', { class: 'map-figure' }, cue, scroller), readout),
  );
  // On a narrow screen, start with this lesson's block in view (the loss sits far to the right).
  const first = nodes.get(highlight[0]);
  if (first) {
    const box = first.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    if (box.right > view.right) scroller.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  }
  return {
    destroy() {
      clearTimeout(hoverTimer);
      resize.disconnect();
    },
  };
}
