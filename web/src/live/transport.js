// The controls that drive a training worker: Train / Pause, Step, Reset, the learning rate, the
// speed and Fast-forward, and the status line, for any live model; the widget keeps its own
// settings that start a run over.
import { el, messageLine } from '../ui/dom.js';
import { numberField } from '../ui/number-field.js';
import { param } from '../state/params.js';

/** URL form of a speed: steps per second, or "max" for fast-forward. */
export const speedParam = (max) => ({
  parse: (s) => (s === 'max' ? Infinity : param.number({ min: 1, max }).parse(s)),
  format: (v) => (Number.isFinite(v) ? param.number().format(v) : 'max'),
});

/**
 * transport({ client, values, save, lrRange, speedMax, lrStep, lrHint, onReset, onLr })
 *   -> { nodes: [row, row], status, lrMessage, running, play(), pause(), setRunning(on) }
 * values.speed and values.lr are read and written (then save()); client is a liveClient (or
 * anything with its step, play, pause, speed and lr), told the speed by the widget at start.
 */
export function transport({
  client,
  values: v,
  save,
  lrRange,
  speedMax,
  lrStep = 0.005,
  lrHint = 'Changes the step size from the next step on; training goes on.',
  onReset,
  onLr,
}) {
  let running = false;
  const status = messageLine();
  status.node.classList.add('train-status');
  const playButton = el(
    'button',
    { type: 'button', class: 'button primary', onclick: () => (running ? api.pause() : api.play()) },
    'Train',
  );
  const stepButton = el(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: () => client.step(1),
      title: 'One training step (one batch of sentences)',
    },
    'Step',
  );
  const resetButton = el('button', { type: 'button', class: 'button', onclick: () => onReset() }, 'Reset');
  const fastButton = el(
    'button',
    {
      type: 'button',
      class: 'button',
      'aria-pressed': String(!Number.isFinite(v.speed)),
      // Pressed while stopped, it also starts training: a fast-forward that waits for Train
      // looks broken.
      onclick: () => {
        setSpeed(Number.isFinite(v.speed) ? Infinity : lastPacedSpeed);
        if (!Number.isFinite(v.speed) && !running) api.play();
      },
    },
    'Fast-forward',
  );
  let lastPacedSpeed = Number.isFinite(v.speed) ? v.speed : 50;
  const speedField = numberField({
    label: 'Speed (steps per second)',
    value: Number.isFinite(v.speed) ? v.speed : lastPacedSpeed,
    min: 1,
    max: speedMax,
    step: 10,
    name: 'The speed',
    hint: `1–${speedMax.toLocaleString('en')}. A few per second shows every step.`,
    width: '6rem',
    onChange: (x) => setSpeed(x),
  });
  const lrField = numberField({
    label: 'Learning rate',
    value: v.lr,
    min: lrRange.min,
    max: lrRange.max,
    step: lrStep,
    name: 'The learning rate',
    hint: lrHint,
    width: '6rem',
    onChange(x) {
      v.lr = x;
      onLr?.(x);
      client.lr(x);
      lrField.message.clear();
      save();
    },
  });

  // Both act on training to come, so the figure rightly stays as it is (the control sweep's hint).
  speedField.node.dataset.sweepQuiet = 'the pace of training: nothing changes until it runs';
  lrField.node.dataset.sweepQuiet = 'the step size from the next training step on';

  function setSpeed(x) {
    if (Number.isFinite(x)) {
      lastPacedSpeed = x;
      speedField.set(x);
    }
    v.speed = x;
    fastButton.setAttribute('aria-pressed', String(!Number.isFinite(x)));
    client.speed(x);
    save();
  }

  const api = {
    nodes: [
      el(
        'div',
        { class: 'controls transport', role: 'group', 'aria-label': 'Training' },
        playButton,
        stepButton,
        resetButton,
      ),
      el('div', { class: 'controls' }, lrField.node, speedField.node, el('div', { class: 'ff' }, fastButton)),
    ],
    status,
    lrMessage: lrField.message,
    get running() {
      return running;
    },
    setRunning(on) {
      running = on;
      playButton.textContent = on ? 'Pause' : 'Train';
      api.onRunning?.(on);
    },
    play() {
      lrField.message.clear();
      api.setRunning(true);
      client.play();
    },
    pause() {
      api.setRunning(false);
      api.pauseNote = true; // said when the worker confirms, with the step it really stopped at
      client.pause();
    },
    pauseNote: false,
  };
  return api;
}
