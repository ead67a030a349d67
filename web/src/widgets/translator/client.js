// The page's side of the translator worker (web/src/workers/translator-worker.js documents the
// messages); the training demo's worker-client.js does the talking.
import TranslatorWorker from '../../workers/translator-worker.js?worker&inline';
import { trainingClient } from '../training/worker-client.js';

/**
 * translatorClient({ onReady, onProgress, onStopped, onFailed }) -> { configure, play, pause,
 *   step, reset, speed, lr, translate(sentence) -> Promise<{ ok, view | message }>, terminate }
 */
export const translatorClient = (handlers) =>
  trainingClient(
    new TranslatorWorker({ name: 'translator' }),
    { request: 'translate', answer: 'translated' },
    handlers,
  );
