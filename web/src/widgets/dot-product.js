// Lesson 2: the dot product of two 2-D word vectors. The learner drags the arrow tips (or moves
// them with the arrow keys, or types the numbers, or picks words) and reads the element-wise
// products, the dot product, both lengths, the cosine and the angle, all from engine.similarity.
import { el, messageLine } from '../ui/dom.js';
import { fmt, fmtProduct } from '../ui/format.js';
import { vectorField } from '../ui/number-field.js';
import { select, tryEngine, hideControls } from '../ui/controls.js';
import { plot2d } from '../ui/plot2d.js';
import { texNode, texDisplay } from '../ui/tex.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { LIMIT, vector2 } from './dot-product.schema.js';

const widget = {
  config: configSchema,
  // la, lb: the word each vector started from ('' once moved away from it)
  state: { a: vector2, b: vector2, la: param.text({ maxLength: 40 }), lb: param.text({ maxLength: 40 }) },
  // The words and their vectors come from the lesson (content as data).
  defaults(config) {
    const names = Object.keys(config.vectors);
    const la = config.a ?? names[0];
    const lb = config.b ?? names[1];
    return { a: config.vectors[la], b: config.vectors[lb], la, lb };
  },
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const axes = config.axes ?? ['x', 'y'];
  const vocab = config.vectors;
  const names = Object.keys(vocab);
  // A vector from the URL is a word only if it has that word's numbers.
  for (const [key, labelKey] of [
    ['a', 'la'],
    ['b', 'lb'],
  ]) {
    if (!sameVec(vocab[v[labelKey]], v[key])) v[labelKey] = names.find((n) => sameVec(vocab[n], v[key])) ?? '';
  }

  const side = (key) => {
    const labelKey = key === 'a' ? 'la' : 'lb';
    const pick = select({
      label: `Word ${key}`,
      options: [...names.map((n) => ({ value: n, label: n })), { value: '', label: '(your own numbers)' }],
      value: names.includes(v[labelKey]) && sameVec(vocab[v[labelKey]], v[key]) ? v[labelKey] : '',
      onChange(name) {
        if (!name) return;
        v[key] = vocab[name].slice();
        v[labelKey] = name;
        field.set(v[key]);
        update();
      },
    });
    const field = vectorField({
      label: `${key} = (${axes[0]}, ${axes[1]})`,
      value: v[key],
      minLength: 2,
      maxLength: 2,
      min: -LIMIT,
      max: LIMIT,
      name: `Vector ${key}`,
      width: '8rem',
      onChange(vec) {
        v[key] = vec;
        syncName(key);
        update();
      },
    });
    return { pick, field };
  };

  function sameVec(p, q) {
    return Array.isArray(p) && p.length === q.length && p.every((x, i) => x === q[i]);
  }

  // A vector moved away from its word is no longer that word: label it by its letter.
  function syncName(key) {
    const labelKey = key === 'a' ? 'la' : 'lb';
    const ui = key === 'a' ? A : B;
    if (!sameVec(vocab[v[labelKey]], v[key])) {
      const match = names.find((n) => sameVec(vocab[n], v[key]));
      v[labelKey] = match ?? '';
    }
    ui.pick.input.value = v[labelKey] && names.includes(v[labelKey]) ? v[labelKey] : '';
  }

  const A = side('a');
  const B = side('b');
  const label = (key) => v[key === 'a' ? 'la' : 'lb'] || key;

  const plot = plot2d({
    title: `Vectors a and b on the ${axes[0]} and ${axes[1]} axes`,
    xLabel: axes[0],
    yLabel: axes[1],
    step: 0.5,
    onMove(id, x, y) {
      v[id] = [x, y];
      (id === 'a' ? A : B).field.set(v[id]);
      syncName(id);
      update();
    },
  });
  const traceBox = el('div', { class: 'trace-scroll' });
  const msg = messageLine();
  const results = el('div', { class: 'readout', 'aria-live': 'polite' });

  root.append(
    el('h3', { class: 'widget-title' }, 'Dot product of two word vectors'),
    el(
      'div',
      { class: 'row' },
      el(
        'div',
        { class: 'panel' },
        plot.node,
        el(
          'p',
          { class: 'widget-note' },
          'Drag a tip, or focus it with Tab and use the arrow keys (Shift moves further).',
        ),
        el(
          'p',
          { class: 'legend' },
          el('span', {}, el('span', { class: 'swatch tone-c' }), 'projection of a onto b (length |a| cos θ)'),
          el('span', {}, el('span', { class: 'swatch dashed' }), 'drop from a, at right angles to b'),
        ),
      ),
      el(
        'div',
        { class: 'panel' },
        el('div', { class: 'controls' }, A.pick.node, A.field.node),
        el('div', { class: 'controls' }, B.pick.node, B.field.node),
        el(
          'div',
          { class: 'math-display' },
          texNode(texDisplay`a \cdot b = \textstyle\sum_i a_i b_i = \lVert a \rVert\,\lVert b \rVert \cos\theta`),
        ),
        traceBox,
        msg.node,
        results,
      ),
    ),
  );
  hideControls(config, {
    words: [A.pick.node, B.pick.node],
    numbers: [A.field.node, B.field.node],
    products: traceBox,
  });

  function render() {
    const s = tryEngine(msg, () => engine.similarity(v.a, v.b));
    // The projection of a onto b: the point of b's line nearest a's tip, (a·b / |b|²) b, from the
    // engine's dot product and |b|. Drawn as a dashed drop from a's tip and a bar along b.
    const foot =
      s && s.normB > 0
        ? tryEngine(
            msg,
            () =>
              engine.linear(
                [v.b],
                [
                  [s.dot / (s.normB * s.normB), 0],
                  [0, s.dot / (s.normB * s.normB)],
                ],
              )[0],
          )
        : null;
    const guides = foot
      ? [
          { from: v.a, to: foot, tone: 'muted', dashed: true, plain: true },
          { from: [0, 0], to: foot, tone: 'c', plain: true },
        ]
      : [];
    const arcs =
      s && s.normA > 0 && s.normB > 0 ? [{ from: v.a, to: v.b, label: `θ = ${fmt(s.angleDegrees, 0)}°` }] : [];
    plot.update({
      arcs,
      points: [
        ...names
          .filter((n) => n !== v.la && n !== v.lb)
          .map((n) => ({ id: `w-${n}`, label: n, x: vocab[n][0], y: vocab[n][1], tone: 'muted' })),
        { id: 'a', label: label('a'), x: v.a[0], y: v.a[1], draggable: true, tone: 'a' },
        { id: 'b', label: label('b'), x: v.b[0], y: v.b[1], draggable: true, tone: 'b' },
      ],
      // The guides last, so the projection bar is drawn over b's shaft, where it lies.
      arrows: [{ from: [0, 0], to: v.a, tone: 'a', gap: 8 }, { from: [0, 0], to: v.b, tone: 'b', gap: 8 }, ...guides],
    });
    if (!s) return;
    traceBox.replaceChildren(
      el(
        'table',
        { class: 'trace' },
        el('caption', { class: 'visually-hidden' }, 'The two vectors and their element-wise products'),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('td'),
            axes.map((ax) => el('th', { scope: 'col' }, ax)),
            el('th', { scope: 'col' }, 'sum'),
          ),
        ),
        el(
          'tbody',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, v.la ? `a (${v.la})` : 'a'),
            v.a.map((x) => el('td', {}, fmt(x, 2))),
            el('td'),
          ),
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, v.lb ? `b (${v.lb})` : 'b'),
            v.b.map((x) => el('td', {}, fmt(x, 2))),
            el('td'),
          ),
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, 'aᵢ·bᵢ'),
            s.terms.map((t, i) => el('td', { title: fmtProduct(v.a[i], v.b[i], 2) }, fmt(t, 3))),
            el('td', { class: 'readout-big' }, fmt(s.dot, 3)),
          ),
        ),
      ),
    );
    const zero = s.normA === 0 || s.normB === 0;
    results.replaceChildren(
      el(
        'p',
        { class: 'readout-big' },
        `a · b = ${s.terms.map((t, i) => fmtProduct(v.a[i], v.b[i], 2)).join(' + ')} = ${fmt(s.dot, 3)}`,
      ),
      el('p', {}, `‖a‖ = ${fmt(s.normA, 3)} · ‖b‖ = ${fmt(s.normB, 3)}`),
      zero
        ? el('p', {}, 'One vector has length 0, so it has no direction: the cosine and the angle are not defined.')
        : el(
            'p',
            {},
            `cos θ = ${fmt(s.cosine, 3)} · θ = ${fmt(s.angleDegrees, 1)}° (${s.cosine > 0 ? 'pointing the same way' : s.cosine < 0 ? 'pointing apart' : 'at right angles'})`,
          ),
    );
  }
  return { render };
});
