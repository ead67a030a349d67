// Live training curves: loss, and accuracy with the attention on the noun, against the step.
// uPlot draws them (small, fast canvas charts with a hover legend); the current numbers are
// also printed as text by the widget, so nothing depends on reading a line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el, newId } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { exportMenu } from '../ui/export-menu.js';
import { themedAxis, repaintOnThemeChange, themeColor } from '../ui/colors.js';

// Okabe-Ito colours (colour-blind safe), told apart by dash pattern as well.
export const TRAIN = { stroke: '#0072b2', width: 2 };
export const HELDOUT = { stroke: '#d55e00', width: 2, dash: [7, 4] };
export const ATTENTION = { stroke: '#009e73', width: 2, dash: [2, 3] };
// The run before the last reset or change of settings, in grey, for comparing runs step by step.
export const PREVIOUS = { stroke: '#8d8a82', width: 1.5, dash: [7, 4] };
export const PREVIOUS_ATTENTION = { stroke: '#b3b0a8', width: 1.5, dash: [2, 3] };
const MAX_POINTS = 2000; // beyond this, every other old point is dropped (the shape stays)
const HEIGHT = 190;

/** The legend at each series' last measured point (series measured at different steps). */
function showLatest(u) {
  const idxs = u.data.map((col) => {
    for (let i = col.length - 1; i >= 0; i--) if (col[i] != null) return i;
    return null;
  });
  u.setLegend({ idxs }, false);
}

// A marked step (curves.mark): a vertical dashed line across a chart, labelled at its top.
function drawMark(u, mark) {
  if (!mark || !Number.isFinite(mark.step)) return;
  const [lo, hi] = u.scales.x.min == null ? [0, 0] : [u.scales.x.min, u.scales.x.max];
  if (mark.step < lo || mark.step > hi) return;
  const x = Math.round(u.valToPos(mark.step, 'x', true));
  const { ctx } = u;
  const ink = themeColor('--ink');
  ctx.save();
  ctx.strokeStyle = ink;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = ink;
  ctx.font = `${11 * devicePixelRatio}px sans-serif`;
  const right = x + ctx.measureText(mark.label).width + 8 > u.bbox.left + u.bbox.width;
  ctx.textAlign = right ? 'right' : 'left';
  const at = [x + (right ? -4 : 4) * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio];
  // A halo in the canvas's own colour: the label sits where the curves run (a phase change is
  // marked where the loss falls), and must stay readable over them.
  ctx.strokeStyle = themeColor('--field-bg');
  ctx.lineWidth = 4 * devicePixelRatio;
  ctx.lineJoin = 'round';
  ctx.strokeText(mark.label, ...at);
  ctx.fillText(mark.label, ...at);
  ctx.restore();
}

function chart({ title, yLabel, series, range, xRange, getMark }) {
  const id = newId('curve');
  const holder = el('div', { class: 'curve-canvas', role: 'img', 'aria-labelledby': id });
  const node = el('figure', { class: 'curve' }, el('figcaption', { id, class: 'curve-title' }, title), holder);
  const opts = {
    width: 320,
    height: HEIGHT,
    scales: { x: { time: false, range: xRange }, y: { range } },
    series: [
      { label: 'step', value: (u, v) => (v == null ? '—' : String(v)) },
      ...series.map((s) => ({
        ...s,
        spanGaps: true,
        points: { show: false },
        value: (u, v) => (v == null ? '—' : fmt(v, 3)),
      })),
    ],
    axes: [
      themedAxis({ label: 'step', size: 36, labelSize: 16, font: '11px sans-serif', labelFont: '600 11px sans-serif' }),
      themedAxis({ label: yLabel, size: 44, labelSize: 16, font: '11px sans-serif', labelFont: '600 11px sans-serif' }),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    // Away from the cursor the legend shows each line's latest value, not "—".
    hooks: { setCursor: [(u) => u.cursor.idx == null && showLatest(u)], draw: [(u) => drawMark(u, getMark())] },
  };
  const plot = new uPlot(opts, [[], ...series.map(() => [])], holder);
  const stopRepaint = repaintOnThemeChange(plot);
  return { node, holder, plot, stopRepaint };
}

/**
 * curves({ accuracyTitle, accuracyLines }) -> { node, push(point), mark({ step, label } | null),
 *   newRun(previousLabel), destroy() }
 * point: { step, trainLoss, trainAccuracy, heldoutLoss, heldoutAccuracy, attention } (null = not measured)
 * newRun(label): the current run becomes the grey "previous run" (described by label), a new one starts.
 * accuracyLines: the second chart's lines, [{ label, stroke, width, dash, run: 'now' | 'before',
 * key }] (default: accuracy and the attention on the noun).
 */
export function curves({ accuracyTitle = 'Accuracy and attention on the noun', accuracyLines } = {}) {
  let points = [];
  let previous = [];
  let frame = 0;
  let mark = null; // { step, label }: a step the widget marks on both charts (a phase change)
  const getMark = () => mark;
  // Both runs share the current run's steps on x, so the grey lines compare runs at equal steps.
  const xRange = () => [0, Math.max(10, points.length ? points[points.length - 1].step : 0)];
  // Each line: its style, which run it comes from and which field of a point it plots.
  const lossLines = [
    { label: 'training', ...TRAIN, run: 'now', key: 'trainLoss' },
    { label: 'held-out', ...HELDOUT, run: 'now', key: 'heldoutLoss' },
    { label: 'previous run, held-out', ...PREVIOUS, run: 'before', key: 'heldoutLoss' },
  ];
  const accLines = accuracyLines ?? [
    { label: 'training acc.', ...TRAIN, run: 'now', key: 'trainAccuracy' },
    { label: 'held-out acc.', ...HELDOUT, run: 'now', key: 'heldoutAccuracy' },
    { label: 'attention', ...ATTENTION, run: 'now', key: 'attention' },
    { label: 'previous run, held-out acc.', ...PREVIOUS, run: 'before', key: 'heldoutAccuracy' },
    { label: 'previous run, attention', ...PREVIOUS_ATTENTION, run: 'before', key: 'attention' },
  ];
  const style = ({ label, stroke, width, dash }) => ({ label, stroke, width, dash });
  const lossRange = (max) => [0, Math.max(0.5, Number.isFinite(max) ? max * 1.05 : 2.5)];
  const loss = chart({
    title: 'Loss (cross-entropy)',
    yLabel: 'loss',
    series: lossLines.map(style),
    range: (u, min, max) => lossRange(max),
    xRange,
    getMark,
  });
  const acc = chart({
    title: accuracyTitle,
    yLabel: 'fraction',
    series: accLines.map(style),
    range: [0, 1],
    xRange,
    getMark,
  });
  const runs = () => ({ now: points, before: previous });
  // The vector version of a chart, for the Export menu: the same lines, drawn from the points.
  const chartSpec = (c, lines, yRange) => () => ({
    chart: {
      title: c.node.querySelector('figcaption').textContent,
      xLabel: 'step',
      yLabel: c === loss ? 'loss' : 'fraction',
      xRange: xRange(),
      yRange: yRange(),
      series: lines.map((line) => ({
        ...style(line),
        points: runs()[line.run].map((p) => [p.step, p[line.key] ?? null]),
      })),
    },
  });
  const maxLoss = () => {
    let m = -Infinity;
    for (const line of lossLines)
      for (const p of runs()[line.run]) if (Number.isFinite(p[line.key])) m = Math.max(m, p[line.key]);
    return m;
  };
  loss.node.append(
    exportMenu({ title: () => 'Training loss', figure: chartSpec(loss, lossLines, () => lossRange(maxLoss())) }),
  );
  acc.node.append(exportMenu({ title: () => 'Training accuracy', figure: chartSpec(acc, accLines, () => [0, 1]) }));
  const previousNote = el('p', { class: 'widget-note previous-run', hidden: true });
  const node = el('div', { class: 'curves-block' }, el('div', { class: 'curves' }, loss.node, acc.node), previousNote);

  function showPrevious(runPoints, label) {
    previous = runPoints;
    previousNote.textContent = `Grey lines: the previous run (${label}), at the same steps.`;
    previousNote.hidden = false;
  }

  function draw() {
    frame = 0;
    node.dataset.points = String(points.length);
    node.dataset.previousPoints = String(previous.length);
    const byStep = { now: new Map(points.map((p) => [p.step, p])), before: new Map(previous.map((p) => [p.step, p])) };
    const steps = [...new Set([...byStep.now.keys(), ...byStep.before.keys()])].sort((a, b) => a - b);
    const col = (line) => steps.map((x) => byStep[line.run].get(x)?.[line.key] ?? null);
    loss.plot.setData([steps, ...lossLines.map(col)]);
    acc.plot.setData([steps, ...accLines.map(col)]);
    for (const c of [loss, acc]) if (c.plot.cursor.idx == null) showLatest(c.plot);
  }
  // Redraw once per animation frame at most, however many points arrive.
  const schedule = () => {
    frame ||= requestAnimationFrame(draw);
  };

  const resize = new ResizeObserver(() => {
    for (const c of [loss, acc]) {
      const width = Math.max(200, Math.floor(c.node.clientWidth));
      if (width !== c.plot.width) c.plot.setSize({ width, height: HEIGHT });
    }
  });
  resize.observe(node);

  return {
    node,
    push(point) {
      const last = points[points.length - 1];
      // A point for the same step (pause right after a chunk) replaces the last one.
      if (last && last.step === point.step) points[points.length - 1] = { ...last, ...definedOnly(point) };
      else points.push(point);
      if (points.length > MAX_POINTS) points = points.filter((p, i) => i % 2 === 0 || i === points.length - 1);
      schedule();
    },
    /** Marks a step on both charts with a dashed line and a label (null: no mark). */
    mark(next) {
      mark = next;
      node.dataset.mark = next ? String(next.step) : '';
      schedule();
    },
    newRun(label) {
      if (points.length > 1) showPrevious(points, label);
      points = [];
      mark = null;
      node.dataset.mark = '';
      schedule();
    },
    /** The points of the current run (for saving it). */
    points: () => points.slice(),
    /** Show a run (a loaded file) as the grey previous run. */
    showPrevious(runPoints, label) {
      showPrevious(runPoints, label);
      schedule();
    },
    destroy() {
      resize.disconnect();
      cancelAnimationFrame(frame);
      loss.stopRepaint();
      acc.stopRepaint();
      loss.plot.destroy();
      acc.plot.destroy();
    },
  };
}

function definedOnly(point) {
  return Object.fromEntries(Object.entries(point).filter(([, v]) => v !== null && v !== undefined));
}
