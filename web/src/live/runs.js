// A live model's runs: each reset or new setting is a new generation, so the worker's messages
// about a run the learner replaced are dropped, and the widget files the replaced run (grey
// curves) before the next starts.

/**
 * runs({ controls, client, root, values, save, options, onNewRun, what }) -> { current(),
 *   restart(note), configure(), changeSetting(patch), stopped(step, message), failed(message) }
 * A demo's runs: each reset or new setting is a new generation (the worker's messages about an
 * older one are dropped: check current()); onNewRun() lets the widget file the run being
 * replaced (curves, readout) before the next starts; options() is the worker's config.
 */
export function runs({ controls, client, root, values: v, save, options, onNewRun, what }) {
  let generation = 0;
  const replace = () => {
    controls.setRunning(false);
    onNewRun();
  };
  const api = {
    current: () => generation,
    restart(note) {
      replace();
      client.reset(++generation);
      controls.status.show(note, 'note');
    },
    configure() {
      replace();
      root.dataset.ready = 'false';
      client.configure(options(), v.sentence, ++generation);
    },
    changeSetting(patch) {
      Object.assign(v, patch);
      save();
      const wasRunning = controls.running;
      api.configure();
      controls.status.show('New settings: the model starts over from step 0 with fresh random weights.', 'note');
      if (wasRunning) controls.play();
    },
    /** The worker refused a step (training diverged): paused, with what to do. */
    stopped(step, message) {
      controls.setRunning(false);
      controls.lrMessage.show(stoppedNote(step, message));
    },
    failed(message) {
      controls.setRunning(false);
      controls.status.show(`The ${what} could not start: ${message}.`);
    },
  };
  return api;
}

/**
 * What the learner reads when the worker refused a step: `step` is where the model is (the last
 * progress), `message` the engine's, which already says what to do: a diverging call "is back at
 * step s, where this call began: lower the learning rate and step again, or reset".
 */
export function stoppedNote(step, message) {
  return `Training stopped at step ${step.toLocaleString('en')}: ${message}.`;
}
