// Browser entry point: the attention engine without the trainer (engine.wasm; the training
// widget runs attention.wasm in a worker). Vite bundles the plain and the SIMD binary as
// assets (wasm-url.js); a page fetches one: the SIMD build where WebAssembly SIMD runs, else
// the plain one. Their JS glue is the same file, so one import serves both.
import createAttentionModule from '../../build/wasm/engine.mjs';

import { makeAttentionApi } from './api.js';
import { engineWasmUrl } from './wasm-url.js';

const loaded = new Map();

/**
 * The engine API, instantiated once per wasm URL and shared by every caller.
 * Emscripten compiles with WebAssembly.instantiateStreaming (while the bytes
 * download) when the server sends application/wasm, else falls back to an ArrayBuffer.
 */
export async function loadAttention({ wasmUrl = engineWasmUrl() } = {}) {
  const url = String(wasmUrl);
  if (!loaded.has(url)) {
    const promise = createAttentionModule({
      locateFile: (path, prefix) => (path.endsWith('.wasm') ? url : prefix + path),
    }).then(makeAttentionApi);
    promise.catch(() => loaded.delete(url)); // allow a retry after a failed download
    loaded.set(url, promise);
  }
  return loaded.get(url);
}
