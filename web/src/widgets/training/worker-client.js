// The page's side of a training worker (the training and the translator demos): hands the
// worker the engine's bytes, then commands out, events in, and requests answered as promises.
//
// Offline: the workers' code is inlined in their widget's chunk (?worker&inline: started from a
// Blob, no request) and the wasm bytes are fetched when this module is imported, which the site
// does at idle time for every widget; so once the site has loaded, the demos need no network.
import { trainerWasmUrl, inlinedBytes } from '../../../../wasm/js/wasm-url.js';

// Engine + trainer, the SIMD build where the browser runs WebAssembly SIMD, else the plain one.
const wasmUrl = trainerWasmUrl();
let wasmBytes = null;

function loadWasmBytes() {
  if (wasmBytes) return wasmBytes;
  // The single-file build carries the bytes inside the page: nothing to fetch.
  const inlined = inlinedBytes(wasmUrl);
  wasmBytes = inlined
    ? Promise.resolve(inlined.buffer)
    : fetch(wasmUrl).then((r) => {
        if (!r.ok) throw new Error(`the engine file answered ${r.status}`);
        return r.arrayBuffer();
      });
  wasmBytes.catch(() => {
    wasmBytes = null; // try again on the next mount
  });
  return wasmBytes;
}
loadWasmBytes();

/**
 * trainingClient(worker, { request, answer }, { onReady, onProgress, onStopped, onFailed })
 *   -> { configure, play, pause, step, reset, speed, lr, [request](sentence) -> Promise, terminate }
 * request: the one question the page asks about a sentence (inspect, translate); the worker
 * replies with a message of type answer carrying the request's id: { ok, view | message }.
 */
export function trainingClient(worker, { request, answer }, handlers) {
  const waiting = new Map();
  let nextId = 1;

  worker.onmessage = ({ data }) => {
    if (data.type === answer) {
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
    worker.postMessage({ type: 'init', wasm: copy }, [copy]);
  });
  started.catch((e) => handlers.onFailed?.(`the engine could not be downloaded (${e.message})`));
  const send = (msg) =>
    started.then(
      () => worker.postMessage(msg),
      () => {},
    );
  return {
    configure: (config, sentence, generation) => send({ type: 'configure', config, sentence, generation }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: (n = 1) => send({ type: 'step', n }),
    reset: (generation) => send({ type: 'reset', generation }),
    speed: (stepsPerSecond) => send({ type: 'speed', stepsPerSecond }),
    lr: (lr) => send({ type: 'lr', lr }),
    [request](sentence) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        send({ type: request, id, sentence });
      });
    },
    terminate() {
      worker.terminate();
      for (const resolve of waiting.values()) resolve({ ok: false, message: 'the worker was closed' });
      waiting.clear();
    },
  };
}
