// The page's side of the trainer worker: commands out, events in, and inspect() as a promise.
// The worker (web/src/workers/trainer-worker.js) documents the messages.

/**
 * trainerClient({ onReady, onProgress, onStopped, onFailed }) -> { configure, play, pause, step,
 *   reset, speed, lr, inspect(sentence) -> Promise<{ ok, view | message }>, terminate }
 */
export function trainerClient(handlers) {
  const worker = new Worker(new URL('../../workers/trainer-worker.js', import.meta.url), { type: 'module', name: 'trainer' });
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

  const send = (msg) => worker.postMessage(msg);
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
