// The page's side of a live model's worker (session.js documents the messages): hands the worker
// the engine's bytes and the model's create function, then commands out, events in, and the
// sentence requests answered as promises.
//
// Offline: the worker's code is inlined in this module's chunk (?worker&inline: started from a
// Blob, no request) and the bytes come from wasm-bytes.js.
import LiveWorker from './worker.js?worker&inline';
import { loadWasmBytes } from './wasm-bytes.js';

/**
 * liveClient(model, { onReady, onProgress, onStopped, onFailed }) -> { configure, play, pause,
 *   step, reset, speed, lr, view(sentence) -> Promise<{ ok, view | message }>,
 *   ask(question, ...args) -> Promise<{ ok, value | message, step }>, terminate }
 * model: the engine's create function (createTrainer, createTranslator), described in
 * web/src/models/index.js.
 */
export function liveClient(model, handlers) {
  const worker = new LiveWorker({ name: model });
  const waiting = new Map();
  let nextId = 1;

  worker.onmessage = ({ data }) => {
    if (data.type === 'viewed' || data.type === 'answered') {
      waiting.get(data.id)?.(data);
      waiting.delete(data.id);
    } else if (data.type === 'ready') handlers.onReady?.(data);
    else if (data.type === 'progress') handlers.onProgress?.(data);
    else if (data.type === 'stopped') handlers.onStopped?.(data.message);
    else if (data.type === 'failed') handlers.onFailed?.(data.message);
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    handlers.onFailed?.(e.message || 'the worker could not start');
  };

  // init goes first; commands wait for it (then-callbacks run in order, so they stay in order).
  // A copy of the bytes per worker (transferred), so the page keeps its own for the next mount.
  const started = loadWasmBytes().then((bytes) => {
    const copy = bytes.slice(0);
    worker.postMessage({ type: 'init', wasm: copy, model }, [copy]);
  });
  started.catch((e) => handlers.onFailed?.(`the engine could not be downloaded (${e.message})`));
  const send = (msg) =>
    started.then(
      () => worker.postMessage(msg),
      () => {},
    );
  /** A message answered by id ('viewed', 'answered'): a promise of the answer. */
  function request(msg) {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      send({ ...msg, id });
    });
  }
  return {
    configure: (config, sentence, generation) => send({ type: 'configure', config, sentence, generation }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (n = 1) => send({ type: 'step', n }),
    reset: (generation) => send({ type: 'reset', generation }),
    speed: (stepsPerSecond) => send({ type: 'speed', stepsPerSecond }),
    lr: (lr) => send({ type: 'lr', lr }),
    view: (sentence) => request({ type: 'view', sentence }),
    ask: (question, ...args) => request({ type: 'ask', question, args }),
    terminate() {
      worker.terminate();
      for (const resolve of waiting.values()) resolve({ ok: false, message: 'the worker was closed' });
      waiting.clear();
    },
  };
}
