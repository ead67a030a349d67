// Lesson 13: the memory the n x n matrix takes against the tiles' working memory. For each
// length n the engine runs plain attention (selfAttention, which keeps the n x n scores and
// weights) and tiled attention (attentionTiled) on the same input and counts the most bytes it
// held during each (attention-memory/measure.js); the widget draws both against n on logarithmic
// axes and lists them with their ratio. The learner picks the width of the queries, keys and
// values. The one formula here, 8 n² bytes for one n x n matrix of doubles, is labelled as one.
import { el, messageLine } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { select, tryEngine } from '../ui/controls.js';
import { linePlot } from '../ui/line-plot.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema from './attention-memory.schema.js';
import { measureAll, bytes } from './attention-memory/measure.js';
import './attention-memory.css';

const LENGTHS = [64, 128, 256, 512, 1024];
const WIDTHS = [4, 16, 64];
const count = new Intl.NumberFormat('en-US');

const widget = {
  config: configSchema,
  state: (config) => ({ d: param.choice((config.widths ?? WIDTHS).map(String)) }),
  defaults: (config) => ({ d: String(config.width ?? 64) }),
};

export default defineWidget(widget, ({ root, engine, config, values: v, update }) => {
  const lengths = config.lengths ?? LENGTHS;
  const widths = config.widths ?? WIDTHS;
  const blockSize = config.blockSize ?? 64;

  const widthPicker = select({
    label: 'Width of the queries, keys and values (d)',
    options: widths.map((d) => ({ value: String(d), label: String(d) })),
    value: v.d,
    onChange: (x) => {
      v.d = x;
      update();
    },
  });
  const engineMessage = messageLine();
  const headline = el('p', { class: 'readout readout-big', 'aria-live': 'polite' });
  const plot = linePlot({
    title: 'Peak memory of one attention call against the number of tokens n',
    xLabel: 'tokens n (log scale)',
    yLabel: 'bytes at the peak (log)',
    logX: true,
    logY: true,
  });
  const legend = el(
    'p',
    { class: 'legend' },
    el(
      'span',
      {},
      el('span', { class: 'swatch dashed tone-b' }),
      'plain: selfAttention, every score kept (squares, dashed)',
    ),
    el('span', {}, el('span', { class: 'swatch tone-a' }), `tiled: attentionTiled, blocks of ${blockSize} (circles)`),
  );
  const body = el('tbody');
  const table = el(
    'table',
    { class: 'trace memory-table' },
    el('caption', { class: 'visually-hidden' }, 'Peak bytes of both paths for each length'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['n', 'plain', 'tiled', 'times less', 'one n × n *'].map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    body,
  );

  root.append(
    el('h3', { class: 'widget-title' }, 'Memory: the n × n matrix against the tiles'),
    el('div', { class: 'controls' }, widthPicker.node),
    engineMessage.node,
    headline,
    plot.node,
    legend,
    el('div', { class: 'trace-scroll memory-table-scroll' }, table),
    el(
      'p',
      { class: 'widget-note' },
      'Plain: selfAttention; tiled: attentionTiled. Both measured in this page: the engine counts every block of memory it holds while it computes (its arguments and results on their way to and from JavaScript aside) and reports the most it held at once. The input is the positional encodings of n tokens; what is held depends only on the sizes. * One n × n matrix of 8-byte numbers, 8n² bytes: a formula, not measured.',
    ),
  );

  // Measuring takes the engine a second or so at width 64 (attention over 1,024 tokens, twice),
  // so it waits until the figure is on screen: a stepper's later stage or a closed predict cover
  // costs the lesson nothing when it opens. Opening either flips a `hidden` attribute, which the
  // observer sees before the next task runs, so the figure is measured by the time anyone looks.
  const displayed = () => root.isConnected && root.getClientRects().length > 0;
  let watcher = null;
  function watch() {
    if (watcher) return;
    watcher = new MutationObserver(() => {
      if (!displayed()) return;
      watcher.disconnect();
      watcher = null;
      render();
    });
    watcher.observe(document.documentElement, { attributes: true, attributeFilter: ['hidden'], subtree: true });
  }
  const measured = new Map(); // width -> rows: a width measured once is not measured again
  function render() {
    const d = Number(v.d);
    if (!measured.has(d) && !displayed()) {
      headline.textContent = 'Measured once this figure is on screen.';
      watch();
      return true;
    }
    const rows = measured.get(d) ?? tryEngine(engineMessage, () => measureAll(engine, lengths, d, blockSize));
    if (!rows) return false;
    measured.set(d, rows);
    const longest = rows.at(-1);
    headline.textContent = `At n = ${count.format(longest.n)}, width ${d}: selfAttention held ${bytes(longest.plainBytes)}, attentionTiled ${bytes(longest.tiledBytes)}: ${fmt(longest.ratio, 1)} times less.`;
    const all = rows.flatMap((r) => [r.plainBytes, r.tiledBytes]);
    const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
    const yTicks = [];
    // Powers of ten, written as people say them: 100 kB, 1 MB, 10 MB.
    for (let t = lo; t <= hi; t *= 10)
      yTicks.push({ at: t, label: bytes(t).replace(/\.0+ /, ' ').replace(' bytes', ' B') });
    const ns = rows.map((r) => r.n);
    plot.update({
      series: [
        { x: ns, y: rows.map((r) => r.plainBytes), tone: 'b', dashed: true, marker: 'square' },
        { x: ns, y: rows.map((r) => r.tiledBytes), tone: 'a', marker: 'circle' },
      ],
      xTicks: ns.map((n) => ({ at: n, label: count.format(n) })),
      yTicks,
      yRange: [lo, hi],
      xRange: [ns[0] / 1.25, ns.at(-1) * 1.25],
      label: headline.textContent,
    });
    body.replaceChildren(
      ...rows.map((r) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, count.format(r.n)),
          el('td', {}, bytes(r.plainBytes)),
          el('td', {}, bytes(r.tiledBytes)),
          el('td', {}, fmt(r.ratio, 1)),
          el('td', {}, bytes(8 * r.n * r.n)),
        ),
      ),
    );
    return true;
  }
  return { render, destroy: () => watcher?.disconnect() };
});
