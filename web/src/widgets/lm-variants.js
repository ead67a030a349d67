// Lesson 13: a few variants of the language model (positions, K/V heads, softmax, as the fence
// declares them) trained side by side on the induction task, each in a live worker of its own
// (web/src/live/client.js, described by web/src/models/language-model.js), for the same steps,
// started by a button and stoppable; the fence's metrics measured on each in the worker
// (models/language-model/variant-metrics.js) and drawn as bars with their numbers. Optionally the
// KV cache's bytes for a chosen variant and length (sliders), and the induction head's attention
// on a prompt for each variant (the sinks).
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { slider } from '../ui/controls.js';
import { barChart } from '../ui/bars.js';
import { heatCanvas } from '../ui/heat-canvas.js';
import { param } from '../state/params.js';
import { withDefaults } from '../state/model-options.js';
import { variantOptions } from './lm-variants/options.js';
import { defineWidget } from '../lesson/widget-kit.js';
import { liveClient } from '../live/client.js';
import { unsavedWork } from '../state/unsaved-work.js';
import { cacheBytes } from '../models/language-model/variant-metrics.js';
import configSchema, { MAX_CACHE_LENGTH } from './lm-variants.schema.js';
import '../live/live.css';
import './lm-variants.css';

const CHUNK = 50; // steps per message to a worker: Stop is heard within one chunk
const HEAT = { min: 0, max: 1 };

const widget = {
  config: configSchema,
  state: (config) => ({
    pick: param.integer({ min: 0, max: config.variants.length - 1 }),
    tokens: param.integer({ min: 1, max: MAX_CACHE_LENGTH }),
  }),
  defaults: (config) => ({ pick: 0, tokens: config.metrics.find((m) => m.kind === 'cacheBytes')?.length ?? 32 }),
};

/** A metric's value for the learner. */
function show(kind, x) {
  if (x == null) return '–';
  if (kind === 'cacheBytes') return `${x.toLocaleString('en')} bytes`;
  if (kind === 'copy' || kind === 'copyAt') return `${fmt(100 * x, 1, { fixed: true })}%`;
  return fmt(x, 2, { fixed: true });
}

export default defineWidget(widget, ({ root, config, values: v, save }) => {
  const steps = config.steps ?? 1000;
  const variants = variantOptions(config);
  const labels = config.variants.map((x) => x.label);
  const metrics = config.metrics;
  root.classList.add('live-widget', 'lm-variants');
  root.dataset.ready = 'true';

  // ---- per variant: its worker (made on the first Train), step, figures
  const runs = variants.map(() => ({ client: null, step: 0, values: metrics.map(() => null), done: false }));
  let running = false;
  let generation = 0;

  const status = el('p', { class: 'widget-status', 'aria-live': 'polite' });
  const problem = messageLine();
  const trainButton = el('button', { type: 'button', class: 'button', onclick: () => toggle() });
  const steps1 = steps.toLocaleString('en');
  const idle = () => `Train the ${variants.length} models (${steps1} steps each)`;
  trainButton.textContent = idle();

  // ---- the figures: one bar chart per metric, a bar per variant
  const charts = metrics.map((m) => {
    const max = m.kind === 'cacheBytes' ? Math.max(...variants.map((o) => cacheBytes(o, m.length))) : 1;
    const chart = barChart({ title: m.label, labels, values: labels.map(() => 0), max, digits: 2 });
    return { m, chart, max };
  });
  const figures = el(
    'div',
    { class: 'lm-variants-charts' },
    ...charts.map(({ m, chart }) =>
      el('figure', { class: 'panel lm-variants-chart' }, el('figcaption', {}, m.label), chart.node),
    ),
  );

  function drawFigures() {
    charts.forEach(({ m, chart }, k) => {
      chart.update({ values: runs.map((r) => (m.kind === 'cacheBytes' ? cacheValue(k, r) : (r.values[k] ?? 0))) });
      // bars.js prints a plain number: a percentage, a byte count or a dash (not measured yet) instead
      chart.node.querySelectorAll('.bar-value').forEach((node, i) => {
        node.textContent = show(m.kind, m.kind === 'cacheBytes' ? cacheValue(k, runs[i]) : runs[i].values[k]);
      });
    });
    root.dataset.steps = runs.map((r) => r.step).join(',');
  }
  const cacheValue = (k, r) => cacheBytes(variants[runs.indexOf(r)], metrics[k].length);

  // ---- the KV cache of one variant at a chosen length (computed, no training)
  let cachePanel = null;
  let cacheLine = null;
  if (config.cache) {
    const pick = slider({
      label: 'Key/value heads',
      min: 0,
      max: variants.length - 1,
      step: 1,
      value: v.pick,
      format: (i) => labels[i],
      onInput: (i) => {
        v.pick = i;
        drawCache();
        save();
      },
    });
    const tokens = slider({
      label: 'Tokens held',
      min: 1,
      max: MAX_CACHE_LENGTH,
      step: 1,
      value: v.tokens,
      onInput: (n) => {
        v.tokens = n;
        drawCache();
        save();
      },
    });
    cacheLine = el('p', { class: 'readout lm-cache-line', 'aria-live': 'polite' });
    cachePanel = el(
      'section',
      { class: 'lm-cache', 'aria-label': 'The KV cache' },
      el('div', { class: 'row' }, pick.node, tokens.node),
      cacheLine,
    );
  }
  function drawCache() {
    if (!cacheLine) return;
    const o = withDefaults('LanguageModel', variants[v.pick]);
    const kv = o.kvHeads || o.heads;
    const bytes = cacheBytes(o, v.tokens);
    cacheLine.textContent =
      `${o.layers} layers × 2 (K and V) × ${kv} key/value head${kv === 1 ? '' : 's'} × ${o.width / o.heads} numbers × ` +
      `${v.tokens} token${v.tokens === 1 ? '' : 's'} × 8 bytes = ${bytes.toLocaleString('en')} bytes, ` +
      `for ${o.heads} query heads, ${fmt(o.heads / kv, 2)} per key/value head.`;
    root.dataset.cacheBytes = String(bytes);
  }

  // ---- the induction head's attention on the prompt, per variant
  const maps = config.prompt ? el('div', { class: 'lm-variants-maps' }) : null;
  const mapsNote = config.prompt
    ? el(
        'p',
        { class: 'widget-note' },
        `Each model's induction head (its last layer's best prefix-matching head) on “${config.prompt}”: ` +
          'row, the token looking; column, the token it looks at.',
      )
    : null;
  if (mapsNote) mapsNote.hidden = true; // until a model is made
  const canvases = [];
  function drawMap(i, attention, head) {
    mapsNote.hidden = false;
    const names = attention.tokens.map((t, j) => `${j} ${t}`);
    const label = `${labels[i]}: layer ${head.layer + 1}, head ${head.head + 1}`;
    if (!canvases[i]) {
      canvases[i] = heatCanvas({
        label,
        values: attention.rows,
        range: HEAT,
        rowName: 'token',
        colName: 'looks at',
        rowLabels: names.map((x) => `${x} looks`),
        colLabels: names.map((x) => `at ${x}`),
        maxSize: '16rem',
      });
      maps.replaceChildren(...canvases.filter(Boolean).map((c) => c.node));
    } else {
      canvases[i].update(attention.rows);
      canvases[i].node.querySelector('figcaption').textContent = label;
    }
  }

  // ---- training
  function client(i) {
    const r = runs[i];
    if (r.client) return r.client;
    r.client = liveClient('createLanguageModel', {
      // configure's own progress (step 0, evaluated) starts the chunks: see measureNow
      onReady: () => {},
      onProgress: (p) => {
        if (p.generation !== generation || !p.grid?.length) return;
        r.step = p.step;
        if (p.step > 0) unsavedWork.mark(r.client, true);
        measureNow(i);
      },
      onStopped: (message) => fail(i, message),
      onFailed: (message) => fail(i, message),
    });
    return r.client;
  }

  async function measureNow(i) {
    const r = runs[i];
    const g = generation;
    const a = await r.client.ask('measure', metrics, config.prompt);
    if (g !== generation) return;
    if (!a.ok) return fail(i, a.message);
    r.values = a.value.values;
    if (a.value.attention) drawMap(i, a.value.attention, a.value.head);
    r.done = a.step >= steps;
    drawFigures();
    drawStatus();
    next(i);
  }

  function next(i) {
    const r = runs[i];
    if (!running) return;
    if (r.done) return finished();
    r.client.step(Math.min(CHUNK, steps - r.step));
  }

  function fail(i, message) {
    problem.show(`${labels[i]}: ${message}`);
    root.dataset.failed = 'true';
    stop();
  }

  function drawStatus() {
    const done = runs.filter((r) => r.done).length;
    const at = () => runs.map((r, i) => `${labels[i]} step ${r.step.toLocaleString('en')}`).join(', ');
    status.textContent = running
      ? `Training: ${at()} of ${steps1}.`
      : done === runs.length
        ? `All ${runs.length} models trained for ${steps1} steps, measured on held-out sequences.`
        : runs.some((r) => r.step > 0)
          ? `Stopped (${at()}). Train again to start over from step 0.`
          : 'Not trained yet.';
  }

  function finished() {
    if (!runs.every((r) => r.done)) return;
    running = false;
    trainButton.textContent = `Train again (${steps1} steps each)`;
    root.dataset.trained = 'true';
    root.dataset.running = 'false';
    drawStatus();
  }

  function start() {
    generation++;
    running = true;
    problem.clear();
    delete root.dataset.failed;
    delete root.dataset.trained;
    root.dataset.running = 'true';
    trainButton.textContent = 'Stop';
    runs.forEach((r, i) => {
      r.step = 0;
      r.done = false;
      r.values = metrics.map(() => null);
      client(i).configure(variants[i], config.prompt ?? '', generation);
    });
    drawFigures();
    drawStatus();
  }

  function stop() {
    running = false;
    generation++; // figures still on their way belong to the stopped runs
    trainButton.textContent = idle();
    root.dataset.running = 'false';
    drawStatus();
  }

  const toggle = () => (running ? stop() : start());

  root.append(
    el('h3', { class: 'widget-title' }, config.title ?? 'Train the variants side by side'),
    el('div', { class: 'transport' }, trainButton),
    status,
    problem.node,
    figures,
    ...(cachePanel ? [cachePanel] : []),
    ...(maps ? [mapsNote, maps] : []),
  );
  drawFigures();
  drawStatus();

  return {
    render() {
      drawCache();
    },
    destroy() {
      for (const r of runs) {
        if (!r.client) continue;
        unsavedWork.mark(r.client, false);
        r.client.terminate();
      }
    },
  };
});
