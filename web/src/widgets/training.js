// Lesson 9: train a tiny transformer live and watch its attention find the noun.
// The engine's trainer runs in the live kit's Web Worker (web/src/live/, described to it by
// web/src/models/trainer.js), so the page stays responsive; this module is the trainer's settings
// and views: the readout, the curves, the attention maps before and after (training/maps.js) and
// a run saved as a file.
import { el } from '../ui/dom.js';
import { fmt } from '../ui/format.js';
import { param } from '../state/params.js';
import { modelOptions, withDefaults } from '../state/model-options.js';
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
import { liveTraining } from '../live/live-training.js';
import { sentenceBox, capitalise } from '../live/sentence.js';
import { readoutTable } from '../live/readout.js';
import { speedParam } from '../live/transport.js';
import { curves as makeCurves } from '../live/curves.js';
import { runFileBox } from '../live/run-file-box.js';
import { attentionMaps } from './training/maps.js';
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

// The settings that start a run over, in the order they are shown.
const settingsOf = (tasks) => ({
  legend: 'Model and task (changing any of these starts over)',
  fields: [
    { key: 'task', label: 'Task', choices: tasks },
    { key: 'heads', label: 'Heads', choices: HEADS },
    { key: 'width', label: 'Width', choices: WIDTHS },
    { key: 'seed', seedMax: SEED_MAX },
    { key: 'ln', label: 'Layer norm', toggle: true },
  ],
});

// Training draws as the worker reports (no render()); a learner's change is saved to the URL.
export default defineWidget(widget, (setup) => {
  const { root, config, values: v, save } = setup;
  const tasks = tasksOf(config);
  const sentenceOf = {}; // task -> the sentence the learner left there

  // The model's options: the fence's (those the trainer declares), then the learner's controls.
  const trainerConfig = () =>
    modelOptions('Trainer', {
      ...config,
      task: v.task,
      seed: v.seed,
      heads: Number(v.heads),
      width: Number(v.width),
      lr: v.lr,
      layerNorm: v.ln,
    });
  // What the grey "previous run" lines were: the settings of the run being replaced.
  function describeRun() {
    const task = tasks.length > 1 ? `${tasks.find((t) => t.value === v.task)?.label ?? v.task}, ` : '';
    return `${task}${describeOptions(trainerConfig())}`;
  }

  // ---- views
  const readout = readoutTable({
    rows: [
      { label: 'loss', train: 'trainLoss', heldOut: 'heldoutLoss', format: 'loss' },
      { label: 'accuracy', train: 'trainAccuracy', heldOut: 'heldoutAccuracy', format: 'percent' },
    ],
    note: 'Attention from the asked word to its answer (held-out mean): ',
    noteText: attentionText,
    mirror: ['heldoutAccuracy', 'attention'],
  });
  const curves = makeCurves();
  const maps = attentionMaps();

  const live = liveTraining(setup, {
    model: 'createTrainer',
    what: 'trainer',
    title: 'Train a tiny transformer',
    settings: {
      ...settingsOf(tasks),
      // Each task keeps its own sentence: back on a task, the learner finds the sentence left there
      // (the lesson's example at first), not the first sample the worker would pick.
      adjust(patch) {
        if (patch.task === undefined) return patch;
        sentenceOf[v.task] = v.sentence;
        return { ...patch, sentence: sentenceOf[patch.task] ?? v.sentence };
      },
    },
    options: trainerConfig,
    lr: LR,
    speedMax: SPEED_MAX,
    describeRun,
    milestone: {
      key: 'heldoutAccuracy',
      target: TARGET,
      short: 'held-out',
      data: (hit) => ({ reachedAttention: hit.attention }),
      say: (hit, every) =>
        `Held-out accuracy reached ${fmt(100 * TARGET, 0)}% at step ${hit.step.toLocaleString('en')} (measured every ${every} steps); the attention on the noun was then ${fmt(hit.attention, 2, { fixed: true })}.`,
    },
    curves,
    readout,
    onReady({ vocabulary: words, samples, sentence }) {
      const examples = [...new Set([...(v.task === config.task ? (config.examples ?? []) : []), ...samples])];
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
    },
    onProgress(p) {
      if (p.point) {
        curves.push(p.point);
        readout.show(p.point, p.step);
      }
      if (p.view) maps.show(p.view, p.step);
    },
  });

  // ---- sentence: examples and the learner's own
  const sentencePanel = sentenceBox({
    label: 'Type a sentence from the words below',
    value: v.sentence,
    maxLength: SENTENCE_MAX,
    onPick: (text) => {
      clearTimeout(inspectTimer);
      inspect(text);
    },
  });
  const { input: sentenceInput, message: sentenceMessage, examples: exampleSelect, vocabulary } = sentencePanel;
  let inspectTimer = 0;

  async function inspect(text) {
    const r = await live.view(text);
    if (!r) return; // a newer sentence is on its way
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
    maps.show(r.view, live.step);
  }
  sentenceInput.addEventListener('input', () => {
    exampleSelect.input.value = ''; // the learner's own sentence, no longer the picked example
    clearTimeout(inspectTimer);
    inspectTimer = setTimeout(() => inspect(sentenceInput.value), 200);
  });

  // ---- a run as a file: save this one, load one back as the grey previous run
  const runFile = runFileBox({
    curves,
    step: () => live.step,
    options: trainerConfig,
    format: () => import('./training/run-file.js'),
    fileName: (step) => `training-run-seed-${v.seed}-step-${step}.json`,
    describe: ({ options, points }, name) =>
      `file ${name}: ${describeOptions(options)}, ${points.at(-1).step.toLocaleString('en')} steps`,
  });

  root.append(
    ...live.head,
    readout.node,
    curves.node,
    runFile,
    el('h4', { class: 'maps-title' }, 'Where each word looks'),
    sentencePanel.node,
    sentencePanel.vocabBox,
    maps.node,
  );
  return live.start(() => clearTimeout(inspectTimer));
});

/** A run's trainer options in words (those not given are the declared defaults it ran with). */
function describeOptions(given) {
  const o = withDefaults('Trainer', given);
  const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const optimizer = o.optimizer === 'sgd' ? `SGD${o.momentum ? ` with momentum ${fmt(o.momentum, 3)}` : ''}` : 'Adam';
  return (
    `${count(o.heads, 'head')}, width ${o.width}, seed ${o.seed}, layer norm ${o.layerNorm ? 'on' : 'off'}, ` +
    `learning rate ${fmt(o.lr, 6)}, ${count(o.layers, 'layer')}, ${optimizer}, batch ${o.batch}`
  );
}

/** The attention line under the readout: the held-out mean, and each head's when there are several. */
function attentionText(p) {
  if (p.attention == null) return '';
  const heads =
    p.headAttention?.length > 1
      ? ` (${p.headAttention.map((a, h) => `head ${h + 1}: ${fmt(a, 2, { fixed: true })}`).join(', ')})`
      : '';
  return `${fmt(p.attention, 2, { fixed: true })}${heads}`;
}
