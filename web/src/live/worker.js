// The one worker of every live model: the engine made from the bytes the page hands over, then
// session.js drives the model the page names (its create function) with that model's description
// (web/src/models/index.js). The page's messages are handled one at a time, so nothing overtakes
// the init that awaits the engine.
//
// The worker is inlined into the page's chunk and started from a Blob, and the page hands it the
// wasm bytes (client.js): so a training lesson also opens offline once the site has loaded.
import createAttentionModule from '../../../build/wasm/attention.mjs';
import { makeAttentionApi } from '../../../wasm/js/api.js';
import models from '../models/index.js';
import { session, message } from './session.js';

const post = (msg) => self.postMessage(msg);

/** The engine with the trainer, from the wasm bytes (ArrayBuffer) the page sent. */
async function loadEngine(wasm) {
  // locateFile: Emscripten would otherwise resolve the wasm's URL against this Blob worker's
  // location, which throws; with wasmBinary given, nothing is fetched.
  return makeAttentionApi(
    await createAttentionModule({ wasmBinary: new Uint8Array(wasm), locateFile: (path) => path }),
  );
}

const handlers = session({ post, models, loadEngine });
let queue = Promise.resolve();
self.onmessage = ({ data: msg }) => {
  if (!Object.hasOwn(handlers, msg?.type)) return;
  queue = queue.then(() => handlers[msg.type](msg)).catch((e) => post({ type: 'failed', message: message(e) }));
};
