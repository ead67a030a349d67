// The page's side of the trainer worker: commands out, events in, and inspect() as a promise.
// The worker (web/src/workers/trainer-worker.js) documents the messages.
//
// Offline: the worker's code is inlined in this chunk (?worker&inline: started from a Blob, no
// request) and the wasm bytes are fetched when this module is imported, which the site does at
// idle time for every widget; so once the site has loaded, lesson 9 needs no network.
import TrainerWorker from '../../workers/trainer-worker.js?worker&inline';
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
 * trainerClient({ onReady, onProgress, onStopped, onFailed }) -> { configure, play, pause, step,
 *   reset, speed, lr, inspect(sentence) -> Promise<{ ok, view | message }>, terminate }
 */
export function trainerClient(handlers) {
  const worker = new TrainerWorker({ name: 'trainer' });
  const waiting = new Map();
  let nextId = 1;

  worker.onmessage = ({ data }) => {
    if (data.type === 'inspected') {
      waiting.get(data.id)?.(data);
      waiting.delete(data.id);
    } else if (data.type === 'ready') handlers.onReady?.(data);
    else if (data.type === 'progress') handlers.onProgress?.(data);
    else if (data.type === 'stopped') handlers.onStopped?.(data.message);
    else if (data.type === 'failed') handlers.onFailed?.(data.message);
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    handlers.onFailed?.(e.message || 'the trainer could not start');
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
    inspect(sentence) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        send({ type: 'inspect', id, sentence });
      });
    },
    terminate() {
      worker.terminate();
      for (const resolve of waiting.values()) resolve({ ok: false, message: 'the trainer was closed' });
      waiting.clear();
    },
  };
}
