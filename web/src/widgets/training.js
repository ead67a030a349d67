// Lesson 9: train a tiny transformer live and watch its attention find the noun.
// The engine's trainer runs in a Web Worker (web/src/workers/trainer-worker.js), so the page
// stays responsive; this module is the controls and the views: live curves (training/curves.js)
// and the attention maps before and after (training/maps.js).
import { el, newId, attachMessage } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { numberField } from '../ui/number-field.js';
import { checkbox, select } from '../ui/controls.js';
import { param } from '../state/params.js';
import { defineWidget } from '../lesson/widget-kit.js';
import configSchema, {
  DEFAULT_TASKS,
  HEADS,
  WIDTHS,
  LR,
  SEED_MAX,
  SPEED_MAX,
  SENTENCE_MAX,
} from './training.schema.js';
import { trainerClient } from './training/client.js';
import { sentenceBox, capitalise } from './training/sentence.js';
import { readoutTable as sharedReadout } from './training/readout.js';
import { transport, speedParam, runs } from './training/transport.js';
import { curves as makeCurves } from './training/curves.js';
import { attentionMaps } from './training/maps.js';
import { EVAL_EVERY } from './training/grid.js';
import './training.css';

const TARGET = 0.95; // held-out accuracy the page marks as "learned"

const tasksOf = (config) => config.tasks ?? DEFAULT_TASKS;

const widget = {
  config: configSchema,
  state: (config) => ({
    task: param.choice(tasksOf(config).map((t) => t.value)),
    seed: param.integer({ min: 0, max: SEED_MAX }),
    heads: param.choice(HEADS.map(String)),
    width: param.choice(WIDTHS.map(String)),
    lr: param.number(LR),
    ln: param.boolean(),
    speed: speedParam(SPEED_MAX), // steps per second, or "max" (fast-forward)
    sentence: param.text({ maxLength: SENTENCE_MAX }),
  }),
  defaults: (config) => ({
    task: config.task ?? tasksOf(config)[0].value,
    seed: config.seed ?? 1,
    heads: String(config.heads ?? 1),
    width: String(config.width ?? 16),
    lr: config.lr ?? 0.01,
    ln: Boolean(config.layerNorm),
    speed: config.speed ?? 50,
    sentence: config.sentence ?? '',
  }),
};

// Training draws as the worker reports (no render()); a learner's change is saved to the URL.
export default defineWidget(widget, ({ root, config, values: v, save }) => {
  const tasks = tasksOf(config);

  let step = 0;
  let reached = null; // { step } when held-out accuracy first hit TARGET since the last reset
  let samples = [];
  let examples = [];

  const trainerConfig = () => ({
    task: v.task,
    seed: v.seed,
    heads: Number(v.heads),
    width: Number(v.width),
    lr: v.lr,
    layerNorm: v.ln,
    ...(config.layers ? { layers: config.layers } : {}),
    ...(config.optimizer ? { optimizer: config.optimizer } : {}),
    ...(config.batch ? { batch: config.batch } : {}),
  });

  // ---- transport: play / pause, step, reset, speed, learning rate (shared with the translator)
  const controls = transport({
    // The worker's client is made below, with the handlers that use these controls.
    client: {
      step: (n) => client.step(n),
      speed: (s) => client.speed(s),
      lr: (x) => client.lr(x),
      play: () => client.play(),
      pause: () => client.pause(),
    },
    values: v,
    save,
    lrRange: LR,
    speedMax: SPEED_MAX,
    onReset: () => lifecycle.restart('Reset: new random weights from the same seed, step 0.'),
    onLr: () => (runLabel = describeRun()),
  });
  controls.onRunning = (on) => (root.dataset.running = String(on));
  const status = controls.status;

  // ---- settings that start over
  const taskSelect = select({
    label: 'Task',
    options: tasks,
    value: v.task,
    // Each task keeps its own sentence: back on a task, the learner finds the sentence left there
    // (the lesson's example at first), not the first sample the worker would pick.
    onChange: (x) => {
      sentenceOf[v.task] = v.sentence;
      lifecycle.changeSetting({ task: x, sentence: sentenceOf[x] ?? v.sentence });
    },
  });
  const sentenceOf = {};
  const headsSelect = select({
    label: 'Heads',
    options: HEADS.map((h) => ({ value: String(h), label: String(h) })),
    value: v.heads,
    onChange: (x) => lifecycle.changeSetting({ heads: x }),
  });
  const widthSelect = select({
    label: 'Width',
    options: WIDTHS.map((w) => ({ value: String(w), label: String(w) })),
    value: v.width,
    onChange: (x) => lifecycle.changeSetting({ width: x }),
  });
  const seedField = numberField({
    label: 'Seed',
    value: v.seed,
    min: 0,
    max: SEED_MAX,
    integer: true,
    name: 'The seed',
    width: '6rem',
    onChange: (x) => lifecycle.changeSetting({ seed: x }),
  });
  const lnBox = checkbox({ label: 'Layer norm', checked: v.ln, onChange: (x) => lifecycle.changeSetting({ ln: x }) });

  // ---- sentence: examples and the learner's own
  const sentencePanel = sentenceBox({
    label: 'Type a sentence from the words below',
    value: v.sentence,
    onPick: (text) => {
      clearTimeout(inspectTimer);
      inspect(text);
    },
  });
  const { input: sentenceInput, message: sentenceMessage, examples: exampleSelect, vocabulary } = sentencePanel;
  let inspectTimer = 0;
  let inspectSeq = 0;

  async function inspect(text) {
    const seq = ++inspectSeq;
    const r = await client.inspect(text);
    if (seq !== inspectSeq || destroyed) return; // a newer sentence is on its way
    if (!r.ok) {
      sentenceMessage.show(`${capitalise(r.message)}. The maps still show “${v.sentence}”.`);
      return;
    }
    sentenceMessage.show(
      r.view.predictMessage ? `${capitalise(r.view.predictMessage)}. The maps show where each word looks.` : '',
      'note',
    );
    v.sentence = text;
    save();
    maps.show(r.view, step);
  }
  sentenceInput.addEventListener('input', () => {
    exampleSelect.input.value = ''; // the learner's own sentence, no longer the picked example
    clearTimeout(inspectTimer);
    inspectTimer = setTimeout(() => inspect(sentenceInput.value), 200);
  });

  // ---- views
  const readout = readoutTable();
  const curves = makeCurves();
  const maps = attentionMaps();
  const loading = el('p', { class: 'widget-status' }, 'Loading the trainer…');

  // ---- a run as a file: save this one, load one back as the grey previous run
  const runFileInput = el('input', { type: 'file', accept: '.json,application/json', class: 'run-file-input' });
  const runFileId = newId('run-file');
  runFileInput.id = runFileId;
  const runFileBox = el(
    'div',
    { class: 'controls run-file', role: 'group', 'aria-label': 'Run file' },
    el('button', { type: 'button', class: 'button small', onclick: () => saveRun() }, 'Save run (JSON)'),
    el('label', { for: runFileId, class: 'run-file-label' }, 'Load a saved run to compare', runFileInput),
  );
  const runFileMessage = attachMessage(runFileInput, runFileBox);
  const loadRunFile = () => import('./training/run-file.js');
  async function saveRun() {
    const [{ runToJson }, { download }] = await Promise.all([loadRunFile(), import('../export/index.js')]);
    const text = runToJson({ options: trainerConfig(), points: curves.points(), step });
    download(new Blob([text], { type: 'application/json' }), `training-run-seed-${v.seed}-step-${step}.json`);
    runFileMessage.show(`Saved ${step.toLocaleString('en')} steps as a JSON file.`, 'note');
  }
  runFileInput.addEventListener('change', async () => {
    const file = runFileInput.files?.[0];
    if (!file) return;
    const { readRunFile } = await loadRunFile();
    try {
      const run = await readRunFile(file);
      const o = run.options;
      curves.showPrevious(
        run.points,
        `file ${file.name}: ${o.heads} head${o.heads === 1 ? '' : 's'}, width ${o.width}, seed ${o.seed}, ` +
          `layer norm ${o.layerNorm ? 'on' : 'off'}, learning rate ${fmt(o.lr, 6)}, ${run.points.at(-1).step.toLocaleString('en')} steps`,
      );
      runFileMessage.show(`Loaded ${file.name}: its curves are the grey lines.`, 'note');
    } catch (e) {
      if (e.name !== 'RunFileError') throw e;
      runFileMessage.show(`${file.name} was not loaded: ${e.message}.`);
    }
    runFileInput.value = '';
  });

  root.append(
    el('h3', { class: 'widget-title' }, 'Train a tiny transformer'),
    ...controls.nodes,
    el(
      'fieldset',
      { class: 'settings' },
      el('legend', {}, 'Model and task (changing any of these starts over)'),
      el('div', { class: 'controls' }, taskSelect.node, headsSelect.node, widthSelect.node, seedField.node, lnBox.node),
    ),
    status.node,
    loading,
    readout.node,
    curves.node,
    runFileBox,
    el('h4', { class: 'maps-title' }, 'Where each word looks'),
    sentencePanel.node,
    sentencePanel.vocabBox,
    maps.node,
  );

  // ---- worker events
  let destroyed = false;
  const client = trainerClient({
    onReady({ generation: g, vocabulary: words, samples: s, sentence }) {
      if (g !== lifecycle.current()) return;
      loading.remove();
      samples = s;
      examples = [...new Set([...(v.task === config.task ? (config.examples ?? []) : []), ...samples])];
      sentencePanel.setExamples(examples);
      vocabulary.textContent = [...words].sort().join(' · ');
      // The worker's sentence (a sample when the one asked for does not fit the task) is the one
      // shown and the one the link holds; the input may still show the previous task's.
      if (sentence !== v.sentence || sentenceInput.value !== sentence) {
        v.sentence = sentence;
        sentenceInput.value = sentence;
        save();
      }
      sentenceMessage.clear();
      root.dataset.ready = 'true';
    },
    onProgress(p) {
      if (p.generation !== lifecycle.current()) return;
      step = p.step;
      // Running or not is the learner's choice (or onStopped): a progress message already on its
      // way when Pause was pressed must not flip the button back.
      if (p.point) {
        curves.push(p.point);
        readout.show(p.point, p.step);
      }
      // "Reached" is read off the worker's fixed grid of evaluated steps, so it does not depend
      // on how often progress arrives (the speed).
      const hit = reached ? null : (p.grid ?? []).find((g) => g.heldoutAccuracy >= TARGET);
      if (hit) {
        reached = { step: hit.step, attention: hit.attention };
        root.dataset.reachedStep = String(hit.step);
        root.dataset.reachedAttention = String(hit.attention);
        status.show(
          `Held-out accuracy reached ${fmt(100 * TARGET, 0)}% at step ${hit.step.toLocaleString('en')} (measured every ${EVAL_EVERY} steps); the attention on the noun was then ${fmt(hit.attention, 2, { fixed: true })}.`,
          'note',
        );
      }
      if (p.view) maps.show(p.view, p.step);
      root.dataset.step = String(p.step);
      if (controls.pauseNote && !p.running) {
        controls.pauseNote = false;
        status.show(`Paused at step ${p.step.toLocaleString('en')}.`, 'note');
      }
    },
    onStopped: (message) => lifecycle.stopped(step, message),
    onFailed(message) {
      loading.remove();
      lifecycle.failed(message);
    },
  });

  function forgetReached() {
    reached = null;
    delete root.dataset.reachedStep;
    delete root.dataset.reachedAttention;
  }
  // What the grey "previous run" lines were: the settings of the run being replaced.
  let runLabel = '';
  function describeRun() {
    const heads = Number(v.heads) === 1 ? '1 head' : `${v.heads} heads`;
    const task = tasks.length > 1 ? `${tasks.find((t) => t.value === v.task)?.label ?? v.task}, ` : '';
    return `${task}${heads}, width ${v.width}, seed ${v.seed}, layer norm ${v.ln ? 'on' : 'off'}, learning rate ${fmt(v.lr, 6)}`;
  }
  function newRun() {
    const reachedAt = reached ? `; ${fmt(100 * TARGET, 0)}% held-out at step ${reached.step.toLocaleString('en')}` : '';
    curves.newRun(`${runLabel}${reachedAt}`);
    runLabel = describeRun();
  }
  const lifecycle = runs({
    controls,
    client,
    root,
    values: v,
    save,
    options: trainerConfig,
    what: 'trainer',
    onNewRun() {
      newRun();
      forgetReached();
      readout.clear();
    },
  });

  client.speed(v.speed);
  lifecycle.configure();

  return {
    destroy() {
      destroyed = true;
      clearTimeout(inspectTimer);
      client.terminate();
      curves.destroy();
    },
  };
});

/** The current figures as text (the curves' numbers, readable without the chart). */
function readoutTable() {
  const table = sharedReadout({
    rows: [
      { label: 'loss', train: 'trainLoss', heldOut: 'heldoutLoss', format: 'loss' },
      { label: 'accuracy', train: 'trainAccuracy', heldOut: 'heldoutAccuracy', format: 'percent' },
    ],
    note: 'Attention from the asked word to its answer (held-out mean): ',
    mirror: ['heldoutAccuracy', 'attention'],
  });
  return {
    node: table.node,
    clear: table.clear,
    show(p, step) {
      let text = '';
      if (p.attention != null) {
        const heads =
          p.headAttention?.length > 1
            ? ` (${p.headAttention.map((a, h) => `head ${h + 1}: ${fmt(a, 2, { fixed: true })}`).join(', ')})`
            : '';
        text = `${fmt(p.attention, 2, { fixed: true })}${heads}`;
      }
      table.show(p, step, text);
    },
  };
}
