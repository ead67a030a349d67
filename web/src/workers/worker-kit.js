// The workers of the training and the translator demos: the engine made from the bytes the page
// hands over, the page's messages handled one at a time, and trainingWorker(), everything the
// two share (timing in paced-loop.js); each worker file gives only what differs.
import createAttentionModule from '../../../build/wasm/attention.mjs';
import { makeAttentionApi } from '../../../wasm/js/api.js';
import { gridTraining } from './paced-loop.js';

export const post = (msg) => self.postMessage(msg);
export const message = (e) => String(e?.message || e);

/** The engine with the trainer, from the wasm bytes (ArrayBuffer) the page sent. */
export async function loadEngine(wasm) {
  // locateFile: Emscripten would otherwise resolve the wasm's URL against this Blob worker's
  // location, which throws; with wasmBinary given, nothing is fetched.
  return makeAttentionApi(
    await createAttentionModule({ wasmBinary: new Uint8Array(wasm), locateFile: (path) => path }),
  );
}

/**
 * Handles the page's messages ({ type, ... } -> handlers[type](msg)) one at a time, so nothing
 * overtakes the init that awaits the engine; an error is posted as { type: 'failed', message }.
 */
export function serve(handlers) {
  let queue = Promise.resolve();
  self.onmessage = (event) => {
    const msg = event.data;
    queue = queue.then(() => handlers[msg?.type]?.(msg)).catch((e) => post({ type: 'failed', message: message(e) }));
  };
}

/** Whether f() runs without throwing (a sentence the model can read). */
export function succeeds(f) {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

/**
 * The worker of a training demo: one model being trained and its untrained twin (same config and
 * seed: "before training"), driven by the page's messages (see trainer-worker.js and
 * translator-worker.js for them). What differs between demos is in spec:
 *   create(engine, config) -> model            (called twice: the model and its twin)
 *   view(model, twin, text) -> view            throws for a sentence the model cannot read
 *   evaluate(model, step) -> grid entry        at every multiple of spec.every steps
 *   point(model, { evaluate }) -> fields       added to each progress's point (may be {})
 *   ready(model) -> { fields, sentence }       the ready message's own fields, and the sentence
 *                                              to show when the page's cannot be read
 *   request, answer                            the page's question about a sentence and the reply's type
 *   evaluateAtStart                            step 0 is evaluated into the grid (for the page's curves)
 *   announcePlay                               a progress (not evaluated) as training starts
 */
export function trainingWorker(spec) {
  let engine = null;
  let model = null;
  let twin = null;
  let sentence = '';
  let generation = 0; // echoed in progress, so the page can drop figures of a run it replaced

  function disposeAll() {
    model?.dispose();
    twin?.dispose();
    model = null;
    twin = null;
  }

  function sendProgress({ evaluate = true } = {}) {
    const point = { step: null, ...training.takeFigures(), ...spec.point(model, { evaluate }) };
    point.step = training.step;
    let v;
    try {
      v = spec.view(model, twin, sentence);
    } catch {
      v = null; // the page only keeps sentences that were checked; nothing to draw otherwise
    }
    training.loop.posted();
    const grid = training.takeGrid();
    post({ type: 'progress', generation, step: training.step, running: training.loop.running, point, view: v, grid });
  }

  const training = gridTraining({
    every: spec.every,
    step: (k) => model.step(k),
    evaluate: (step) => spec.evaluate(model, step),
    progress: sendProgress,
    refused: (e) => post({ type: 'stopped', message: message(e) }),
  });
  const { loop } = training;
  const restart = () => training.restart(spec.evaluateAtStart ? [spec.evaluate(model, 0)] : []);

  serve({
    async init({ wasm }) {
      engine = await loadEngine(wasm);
    },
    configure({ config, sentence: text, generation: g }) {
      loop.stop();
      generation = g;
      if (!engine) throw new Error('the engine did not load');
      disposeAll();
      try {
        model = spec.create(engine, config);
        twin = spec.create(engine, config);
      } catch (e) {
        disposeAll();
        post({ type: 'failed', message: message(e) });
        return;
      }
      restart();
      const { fields, sentence: fallback } = spec.ready(model);
      sentence = text && succeeds(() => spec.view(model, twin, text)) ? text : fallback;
      post({ type: 'ready', generation, ...fields, sentence });
      sendProgress();
    },
    play() {
      if (!model || loop.running) return;
      loop.play(spec.announcePlay ? () => sendProgress({ evaluate: false }) : undefined);
    },
    pause() {
      if (!model) return;
      loop.stop();
      sendProgress();
    },
    step({ n = 1 }) {
      if (!model) return;
      loop.stop();
      if (loop.run(n)) sendProgress();
    },
    reset({ generation: g }) {
      if (!model) return;
      generation = g;
      loop.stop();
      model.reset();
      restart();
      sendProgress();
    },
    speed({ stepsPerSecond }) {
      loop.speed(stepsPerSecond);
    },
    lr({ lr }) {
      try {
        model?.setLearningRate(lr);
      } catch (e) {
        post({ type: 'stopped', message: message(e) });
      }
    },
    [spec.request]({ id, sentence: text }) {
      if (!model) return;
      try {
        const v = spec.view(model, twin, text);
        sentence = text;
        post({ type: spec.answer, id, ok: true, view: v, step: training.step });
      } catch (e) {
        post({ type: spec.answer, id, ok: false, message: message(e) });
      }
    },
  });
}
