// The worker's side of a live model: one model being trained and its untrained twin (same
// options and seed: "before training"), driven by the page's messages. It knows no model: the
// engine's create function is named by the page (createTrainer, createTranslator, ...) and what
// differs between models is a small description (web/src/models/). web/src/live/worker.js runs it
// in a Web Worker; tests run it in Node with a fake engine.
//
// Messages in (web/src/live/client.js sends them):
//   { type: 'init', wasm, model }          the engine's bytes (worker.js) and the create function
//   { type: 'configure', config, sentence, generation }   a new model and twin, from step 0
//   { type: 'play' } | { type: 'pause' } | { type: 'step', n } | { type: 'reset', generation }
//   { type: 'speed', stepsPerSecond }      Infinity = as fast as possible
//   { type: 'lr', lr }                     applies from the next step, keeps the run
//   { type: 'view', id, sentence }         -> { type: 'viewed', id, ok, view | message, step }
//   { type: 'ask', id, question, args }    -> { type: 'answered', id, ok, value | message, step }
//                                          one of the description's questions, asked of the
//                                          model (and twin) as they are now, between steps
// Messages out:
//   { type: 'ready', generation, every, sentence, ...description.ready(model).fields }
//                                          after each configure (the model is made); its first
//                                          progress follows. sentence: the page's, or the
//                                          description's fallback when the model cannot read it
//   { type: 'progress', generation, step, running, point, view, grid }
//     point: { step, trainLoss, trainAccuracy (means over the steps since the last progress, null
//     if none), ...description.point(model) }; view: description.view() of the sentence (null if
//     unreadable); grid: description.evaluate() at every multiple of `every` steps passed since
//     the last progress (the same steps at any speed)
//   { type: 'stopped', message }           a step was refused (training diverged): paused
//   { type: 'failed', message }            the model could not be made, or the engine not loaded
import { gridTraining } from './grid-training.js';

export const message = (e) => String(e?.message || e);

/**
 * A description (web/src/models/<model>.js) says what is particular to one model:
 *   every                                   held-out figures every this many steps
 *   view(model, twin, text, engine) -> view throws for a sentence the model cannot read
 *   evaluate(model, step) -> grid entry     at every multiple of `every`
 *   point(model, { evaluate }) -> fields    added to each progress's point (may be {})
 *   ready(model) -> { fields, sentence }    the ready message's own fields, and the sentence to
 *                                           show when the page's cannot be read
 *   evaluateAtStart                         step 0 is evaluated into the grid (the page's curves)
 *   announcePlay                            a progress (not evaluated) as training starts
 *   questions: { name(model, twin, ...args) -> value }   optional: what the page may ask beyond
 *                                           the view (a sample, a head ablated); a question
 *                                           that changes the model must undo it before returning
 */
const REQUIRED = ['view', 'evaluate', 'point', 'ready'];

/** Why a description cannot drive a session, or '' when it can. */
export function describeProblem(description) {
  if (!description || typeof description !== 'object') return 'it is not an object';
  if (!(Number.isInteger(description.every) && description.every > 0)) return '"every" must be a whole number > 0';
  const missing = REQUIRED.filter((k) => typeof description[k] !== 'function');
  if (missing.length) return `it lacks ${missing.join(', ')}`;
  const questions = description.questions ?? {};
  const odd = Object.keys(questions).filter((k) => typeof questions[k] !== 'function');
  return odd.length ? `its questions ${odd.join(', ')} are not functions` : '';
}

/**
 * session({ post, models, loadEngine }) -> { [type](msg) }: the handlers of the page's messages,
 * answered through post(msg); init is async, the others not. models: create function name ->
 * description; loadEngine(wasm) -> Promise<engine> (worker.js: from the page's bytes).
 */
export function session({ post, models, loadEngine }) {
  let failure = null; // why init failed: the answer to every later configure too
  let engine = null;
  let create = null; // the engine's create function, e.g. engine.createTrainer
  let spec = null; // the model's description
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

  const view = (text) => spec.view(model, twin, text, engine);

  function sendProgress({ evaluate = true } = {}) {
    const point = { step: null, ...training.takeFigures(), ...spec.point(model, { evaluate }) };
    point.step = training.step;
    let v;
    try {
      v = view(sentence);
    } catch {
      v = null; // the page only keeps sentences that were checked; nothing to draw otherwise
    }
    training.loop.posted();
    const grid = training.takeGrid();
    post({ type: 'progress', generation, step: training.step, running: training.loop.running, point, view: v, grid });
  }

  let training = null;
  const loop = () => training.loop;
  const restart = () => training.restart(spec.evaluateAtStart ? [spec.evaluate(model, 0)] : []);

  /** Picks the engine and the model; throws naming what does not fit. */
  function start(e, name) {
    const names = Object.keys(models).join(', ');
    if (!Object.hasOwn(models, name)) throw new Error(`no live model is described as "${name}" (known: ${names})`);
    const problem = describeProblem(models[name]);
    if (problem) throw new Error(`the description of ${name} cannot drive training: ${problem}`);
    if (typeof e?.[name] !== 'function') throw new Error(`the engine has no ${name}()`);
    engine = e;
    spec = models[name];
    create = (config) => engine[name](config);
    training = gridTraining({
      every: spec.every,
      step: (k) => model.step(k),
      evaluate: (step) => spec.evaluate(model, step),
      progress: sendProgress,
      refused: (err) => post({ type: 'stopped', message: message(err) }),
    });
  }

  return {
    async init({ wasm, model: name }) {
      try {
        start(await loadEngine(wasm), name);
      } catch (e) {
        failure = e;
        throw e;
      }
    },
    configure({ config, sentence: text, generation: g }) {
      if (!spec) throw failure ?? new Error('the engine did not load');
      loop().stop();
      generation = g;
      disposeAll();
      try {
        model = create(config);
        twin = create(config);
      } catch (e) {
        disposeAll();
        post({ type: 'failed', message: message(e) });
        return;
      }
      restart();
      const { fields, sentence: fallback } = spec.ready(model);
      sentence = text && succeeds(() => view(text)) ? text : fallback;
      post({ type: 'ready', generation, every: spec.every, ...fields, sentence });
      sendProgress();
    },
    play() {
      if (!model || loop().running) return;
      loop().play(spec.announcePlay ? () => sendProgress({ evaluate: false }) : undefined);
    },
    pause() {
      if (!model) return;
      loop().stop();
      sendProgress();
    },
    step({ n = 1 }) {
      if (!model) return;
      loop().stop();
      if (loop().run(n)) sendProgress();
    },
    reset({ generation: g }) {
      if (!model) return;
      generation = g;
      loop().stop();
      model.reset();
      restart();
      sendProgress();
    },
    speed({ stepsPerSecond }) {
      training?.loop.speed(stepsPerSecond);
    },
    lr({ lr }) {
      try {
        model?.setLearningRate(lr);
      } catch (e) {
        post({ type: 'stopped', message: message(e) });
      }
    },
    view({ id, sentence: text }) {
      if (!model) return;
      try {
        const v = view(text);
        sentence = text;
        post({ type: 'viewed', id, ok: true, view: v, step: training.step });
      } catch (e) {
        post({ type: 'viewed', id, ok: false, message: message(e) });
      }
    },
    ask({ id, question, args = [] }) {
      const answer = (fields) => post({ type: 'answered', id, step: training?.step ?? 0, ...fields });
      const questions = spec?.questions ?? {};
      if (!Object.hasOwn(questions, question)) {
        answer({ ok: false, message: `this model answers no question "${question}"` });
      } else if (!model) {
        answer({ ok: false, message: 'the model is not made yet' });
      } else {
        try {
          answer({ ok: true, value: questions[question](model, twin, ...(Array.isArray(args) ? args : [])) });
        } catch (e) {
          answer({ ok: false, message: message(e) });
        }
      }
    },
  };
}

/** Whether f() runs without throwing (a sentence the model can read). */
function succeeds(f) {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}
