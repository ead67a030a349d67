// A live model's training, as a widget shows it: the worker's client, the transport controls,
// the runs (a reset or a new setting is a new run; the replaced one becomes the grey curves) and
// the milestone, wired together. The widget gives its model's views (curves, readout, maps,
// text) and draws what the worker reports; web/README.md ("Live models") shows a whole widget.
import { el, messageLine } from '../ui/dom.js';
import { liveClient } from './client.js';
import { transport } from './transport.js';
import { runs } from './runs.js';
import { milestone as makeMilestone } from './milestone.js';
import { settingsBox } from './settings.js';
import { unsavedWork } from '../state/unsaved-work.js';
import './live.css';

/**
 * liveTraining({ root, values, save }, { model, what, title, settings, options, lr, speedMax,
 *   lrStep, lrHint, describeRun, milestone, curves, readout, onReady, onProgress })
 *   -> { head, status, step, every, reached, view(sentence), ask(question, ...args),
 *        start(cleanup) -> { destroy } }
 * The first argument is the widget's setup (lesson/widget-kit.js): its root, URL values and save.
 * model: the engine's create function (createTrainer, ...); what: its name for the learner ("the
 * trainer could not start"); title: the widget's; settings: { legend, fields } of settings.js,
 * the values that start a run over, and optionally adjust(patch) -> the patch to apply (a widget
 * adding what a setting brings with it); head: the widget's first nodes (title, transport, settings,
 * status, loading line); options(): the create function's options for the current values;
 * lr: { min, max } of the learning rate, lrHint: the text under it (a model with a schedule says
 * so); describeRun(): the current settings in words (the grey
 * curves' label); milestone: milestone.js's options but root and line (its own, under the status),
 * or none for a model without a target; curves, readout: the
 * widget's (curves.js, readout.js), cleared for a new run. onReady(data), onProgress(p): the
 * worker's messages about the current run only (see session.js), once the kit has taken the step,
 * the milestone and the loading line.
 */
export function liveTraining(
  { root, values: v, save },
  {
    model,
    what,
    title,
    settings,
    options,
    lr,
    speedMax,
    lrStep,
    lrHint,
    describeRun,
    milestone: milestoneOptions,
    curves,
    readout,
    onReady,
    onProgress,
  },
) {
  let step = 0;
  let every = 1; // the worker's grid of evaluated steps (from ready)
  let destroyed = false;
  let viewSeq = 0;
  let runLabel = ''; // the current run's settings, for its grey curves once it is replaced
  const loading = el('p', { class: 'widget-status' }, `Loading the ${what}…`);
  root.classList.add('live-widget'); // live.css

  const client = liveClient(model, {
    onReady(data) {
      if (data.generation !== lifecycle.current()) return;
      loading.remove();
      every = data.every;
      onReady(data);
      root.dataset.ready = 'true';
    },
    onProgress(p) {
      if (p.generation !== lifecycle.current()) return;
      step = p.step;
      // Once this widget has trained, a reload would lose it (a Reset keeps the run as the grey
      // curves): held until the widget goes.
      if (p.step > 0) unsavedWork.mark(client, true);
      milestone.check(p.grid ?? [], every);
      onProgress(p);
      root.dataset.step = String(p.step);
      // Running or not is the learner's choice (or a refused step): a progress already on its
      // way when Pause was pressed must not flip the button back; the worker's stop is said here.
      if (controls.pauseNote && !p.running) {
        controls.pauseNote = false;
        controls.status.show(`Paused at step ${p.step.toLocaleString('en')}.`, 'note');
      }
    },
    onStopped: (message) => lifecycle.stopped(step, message),
    onFailed(message) {
      loading.remove();
      lifecycle.failed(message);
    },
  });

  const controls = transport({
    client,
    values: v,
    save,
    lrRange: lr,
    speedMax,
    lrStep,
    lrHint,
    onReset: () => lifecycle.restart('Reset: new random weights from the same seed, step 0.'),
    onLr: () => (runLabel = describeRun()),
  });
  controls.onRunning = (on) => (root.dataset.running = String(on));
  const reachedLine = messageLine();
  reachedLine.node.classList.add('train-status', 'milestone-note');
  // A model with no held-out target to mark (the language model's lesson 11) gives no milestone.
  const milestone = milestoneOptions
    ? makeMilestone({ root, line: reachedLine, ...milestoneOptions })
    : { check() {}, reached: null, suffix: () => '', forget() {} };

  const lifecycle = runs({
    controls,
    client,
    root,
    values: v,
    save,
    options,
    what,
    onNewRun() {
      curves.newRun(`${runLabel}${milestone.suffix()}`);
      runLabel = describeRun();
      milestone.forget();
      readout.clear();
    },
  });

  return {
    head: [
      el('h3', { class: 'widget-title' }, title),
      ...controls.nodes,
      settingsBox({
        ...settings,
        values: v,
        onChange: (patch) => lifecycle.changeSetting(settings.adjust ? settings.adjust(patch) : patch),
      }),
      controls.status.node,
      reachedLine.node,
      loading,
    ],
    status: controls.status,
    get step() {
      return step;
    },
    get every() {
      return every;
    },
    get reached() {
      return milestone.reached;
    },
    /** The model's view of a sentence: { ok, view | message }, or null when a newer one was asked. */
    async view(sentence) {
      const seq = ++viewSeq;
      const r = await client.view(sentence);
      return seq === viewSeq && !destroyed ? r : null;
    },
    /**
     * A question the model's description answers between steps (models/<model>.js questions):
     * { ok, value | message, step }, or null once the widget is gone.
     */
    async ask(question, ...args) {
      const r = await client.ask(question, ...args);
      return destroyed ? null : r;
    },
    /**
     * Starts the first run; call once the widget's views are built. -> the widget's { destroy }:
     * the worker and the curves go, after cleanup() (the widget's own timers).
     */
    start(cleanup = () => {}) {
      client.speed(v.speed);
      lifecycle.configure();
      return {
        destroy() {
          cleanup();
          destroyed = true;
          unsavedWork.mark(client, false);
          client.terminate();
          curves.destroy();
        },
      };
    },
  };
}
