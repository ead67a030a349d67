// Lesson 13: rotary positions (RoPE). A fixed query q and key k; the learner drags the query's
// position m and the key's position n on a track (pointer or keyboard), moves both at once, or
// types them, and sets the base. The engine turns q as at m and k as at n (selfAttention with
// positions 'rope', rope-rotation/scores.js) and the widget shows: the score after turning, the
// score of the same distance elsewhere on the track (the same), each pair of dimensions as a
// small circle with the two turned arrows, its speed and its share of the score, and the score
// against the distance n - m for this base beside the fence's own base (grey, dashed).
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { slider, tryEngine, hideControls } from '../ui/controls.js';
import { linePlot, niceTicks } from '../ui/line-plot.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, { BASE_MIN, BASE_MAX } from './rope-rotation.schema.js';
import { positionTrack } from './rope-rotation/track.js';
import { pairCircles } from './rope-rotation/pairs.js';
import { ropeScore, scoreCurve, pairSpeeds, pairScores } from './rope-rotation/scores.js';
import './rope-rotation.css';

const DEFAULT_BASE = 10000;
const count = new Intl.NumberFormat('en-US');
const baseText = (b) => count.format(b);

const widget = {
  config: configSchema,
  state: (config) => {
    const place = param.integer({ min: 0, max: config.maxPosition ?? 63 });
    return { m: place, n: place, base: param.number({ min: BASE_MIN, max: BASE_MAX }) };
  },
  defaults: (config) => ({ m: config.m ?? 3, n: config.n ?? 7, base: config.base ?? DEFAULT_BASE }),
};

// Two engine numbers that should be one: equal to the last few bits.
const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// A vector for the note under the widget: one whose entries are all equal in a few characters.
const shortVector = (x) =>
  x.every((e) => e === x[0])
    ? `[${fmt(x[0])}, …, ${fmt(x[0])}] (${x.length} numbers)`
    : `[${x.map((e) => fmt(e)).join(', ')}]`;

// The base on a logarithmic slider: 10^p for p from 0 to 6, two significant digits.
const baseOf = (p) => Number((10 ** p).toPrecision(2));

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const max = config.maxPosition ?? 63;
  const reach = config.reach ?? 127;
  const fenceBase = config.base ?? DEFAULT_BASE;
  const { q, k } = config;
  const d = q.length;

  const track = positionTrack({
    max,
    handles: [
      { key: 'm', name: 'q', label: 'Position m of the query', shape: 'circle', tone: 'a' },
      { key: 'n', name: 'k', label: 'Position n of the key', shape: 'square', tone: 'b' },
    ],
    onMove: (key, value) => set({ [key]: value }),
  });
  const mField = numberField({
    label: 'Query position m',
    value: v.m,
    min: 0,
    max,
    integer: true,
    width: '5rem',
    onChange: (x) => set({ m: x }, 'field'),
  });
  const nField = numberField({
    label: 'Key position n',
    value: v.n,
    min: 0,
    max,
    integer: true,
    width: '5rem',
    onChange: (x) => set({ n: x }, 'field'),
  });
  // Both positions by the same step, only while both stay on the track (the distance is kept).
  const steps = [-5, -1, 1, 5];
  const moveButtons = steps.map((s) =>
    el(
      'button',
      {
        type: 'button',
        class: 'button small',
        dataset: { preset: '' },
        'aria-label': `Move both positions ${Math.abs(s)} ${Math.abs(s) === 1 ? 'place' : 'places'} ${s < 0 ? 'left' : 'right'}`,
        onclick: () => set({ m: v.m + s, n: v.n + s }),
      },
      `${s > 0 ? '+' : '−'}${Math.abs(s)}`,
    ),
  );
  const moveGroup = el(
    'div',
    { class: 'presets', role: 'group', 'aria-label': 'Move both positions' },
    el('span', { class: 'presets-label', 'aria-hidden': 'true' }, 'Move both'),
    moveButtons,
  );

  const baseSlider = slider({
    label: 'Base (log scale)',
    min: 0,
    max: 6,
    step: 0.1,
    value: Math.min(6, Math.log10(v.base)),
    format: (p) => baseText(baseOf(p)),
    onInput: (p) => setBase(baseOf(p), 'slider'),
  });
  const baseField = numberField({
    label: 'or type the base',
    value: v.base,
    min: BASE_MIN,
    max: BASE_MAX,
    width: '8rem',
    hint: `${BASE_MIN} to ${count.format(BASE_MAX)}`,
    onChange: (x) => setBase(x, 'field'),
  });
  const baseControls = el('div', { class: 'controls' }, baseSlider.node, baseField.node);
  const positionControls = el('div', { class: 'controls rope-positions' }, mField.node, nField.node, moveGroup);

  const engineMessage = messageLine();
  const scoreLine = el('p', { class: 'readout readout-big', 'aria-live': 'polite' });
  const sameLine = el('p', { class: 'readout' });
  const pairs = pairCircles(d / 2);
  const legend = el(
    'p',
    { class: 'legend' },
    el('span', {}, el('span', { class: 'swatch tone-a' }), 'query q, turned as at m (solid)'),
    el('span', {}, el('span', { class: 'swatch dashed tone-b' }), 'key k, turned as at n (dashed)'),
  );
  const pairsPanel = el(
    'div',
    { class: 'panel rope-pairs' },
    el('h4', {}, `The ${d / 2} pairs of dimensions`),
    el(
      'p',
      { class: 'widget-note rope-pairs-note' },
      'Each pair turns by its own angle a place; its share is its part of the score, the dot product of its two turned arrows.',
    ),
    pairs.node,
    legend,
  );
  const plot = linePlot({
    title: 'The score q·k against the distance n − m',
    xLabel: 'distance n − m',
    yLabel: 'score q·k',
  });
  const plotLegend = el('p', { class: 'legend' });
  const plotPanel = el(
    'div',
    { class: 'panel rope-plot' },
    el('h4', {}, 'Score against distance'),
    plot.node,
    plotLegend,
  );

  root.append(
    el('h3', { class: 'widget-title' }, 'Rotary positions: turn q and k, then score'),
    track.node,
    positionControls,
    baseControls,
    engineMessage.node,
    scoreLine,
    sameLine,
    pairsPanel,
    plotPanel,
    el(
      'p',
      { class: 'widget-note' },
      `q = ${shortVector(q)}, k = ${shortVector(k)}; the score is q·k after turning, not divided by √d_k.`,
    ),
  );
  hideControls(config, { positions: positionControls, base: baseControls, pairs: pairsPanel, plot: plotPanel });

  function set(next, from) {
    Object.assign(v, next);
    if (from !== 'field') {
      mField.set(v.m);
      nField.set(v.n);
    }
    update();
  }
  function setBase(b, from) {
    v.base = b;
    if (from !== 'slider') baseSlider.set(Math.min(6, Math.log10(b)));
    if (from !== 'field') baseField.set(b);
    update();
  }

  // The same distance elsewhere: both moved so the nearer one sits at 0 (or, already there, so
  // the further one sits at the track's end).
  function elsewhere(m, n) {
    const low = Math.min(m, n);
    const shift = low > 0 ? -low : max - Math.max(m, n);
    return [m + shift, n + shift];
  }

  function render() {
    const { m, n, base } = v;
    const res = tryEngine(engineMessage, () => {
      const now = ropeScore(engine, { q, k, m, n, base });
      const [m2, n2] = elsewhere(m, n);
      const other = ropeScore(engine, { q, k, m: m2, n: n2, base });
      const curve = scoreCurve(engine, { q, k, base, reach });
      const grey = base === fenceBase ? null : scoreCurve(engine, { q, k, base: fenceBase, reach });
      return {
        now,
        other: { m: m2, n: n2, score: other.score },
        curve,
        grey,
        speeds: pairSpeeds(engine, d, base),
        shares: pairScores(engine, now.q, now.k),
      };
    });
    if (!res) return false;
    const distance = n - m;
    track.update({ m, n });
    for (const b of moveButtons) {
      const s = steps[moveButtons.indexOf(b)];
      b.disabled = Math.min(m, n) + s < 0 || Math.max(m, n) + s > max;
    }
    scoreLine.textContent = `score ${fmt(res.now.score, 4)} at m = ${m}, n = ${n} (n − m = ${fmt(distance)})`;
    const moved = res.other.m !== m;
    sameLine.replaceChildren(
      moved
        ? `Same distance at m = ${res.other.m}, n = ${res.other.n}: ${fmt(res.other.score, 4)}`
        : `No other pair of positions on this track is ${Math.abs(distance)} apart.`,
      ...(moved
        ? [
            same(res.other.score, res.now.score)
              ? el('span', { class: 'verdict same' }, 'the same')
              : el('span', { class: 'verdict differ' }, 'different'),
          ]
        : []),
    );
    pairs.update({ q: res.now.q, k: res.now.k, speeds: res.speeds, shares: res.shares });

    const { distances, scores } = res.curve;
    const series = [{ x: distances, y: scores, tone: 'a' }];
    if (res.grey) series.unshift({ x: distances, y: res.grey.scores, tone: 'muted', dashed: true });
    const all = [...scores, ...(res.grey?.scores ?? [])];
    const top = Math.max(...all);
    const bottom = Math.min(...all);
    const yRange = [Math.min(bottom, 0), Math.max(top, 0)];
    const yTicks = niceTicks(...yRange, 5).map((t) => ({ at: t, label: fmt(t, 1) }));
    const half = Math.round(reach / 2);
    plot.update({
      series,
      marks: [
        { x: distance, y: scores[distance + reach], label: `${fmt(scores[distance + reach], 2)} at ${fmt(distance)}` },
      ],
      xTicks: [-reach, -half, 0, half, reach].map((t) => ({ at: t, label: fmt(t) })),
      yTicks,
      yRange,
      label: `Base ${baseText(base)}: the score is ${fmt(scores[reach], 2)} at distance 0 and ${fmt(scores[distance + reach], 2)} at distance ${fmt(distance)}.`,
    });
    plotLegend.replaceChildren(
      el('span', {}, el('span', { class: 'swatch tone-a' }), `base ${baseText(base)}`),
      ...(res.grey
        ? [el('span', {}, el('span', { class: 'swatch dashed' }), `base ${baseText(fenceBase)} (grey, dashed)`)]
        : []),
    );
    return true;
  }
  return { render };
});
