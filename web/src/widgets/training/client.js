// The page's side of the trainer worker (web/src/workers/trainer-worker.js documents the
// messages); worker-client.js does the talking.
import TrainerWorker from '../../workers/trainer-worker.js?worker&inline';
import { trainingClient } from './worker-client.js';

/**
 * trainerClient({ onReady, onProgress, onStopped, onFailed }) -> { configure, play, pause, step,
 *   reset, speed, lr, inspect(sentence) -> Promise<{ ok, view | message }>, terminate }
 */
export const trainerClient = (handlers) =>
  trainingClient(new TrainerWorker({ name: 'trainer' }), { request: 'inspect', answer: 'inspected' }, handlers);
