// Browser entry point (Vite bundles attention.wasm as an asset from the URL below).
import createAttentionModule from '../../build/wasm/attention.mjs';

import { makeAttentionApi } from './api.js';

const defaultWasmUrl = new URL('../../build/wasm/attention.wasm', import.meta.url);
const loaded = new Map();

/**
 * The engine API, instantiated once per wasm URL and shared by every caller.
 * Emscripten compiles with WebAssembly.instantiateStreaming (while the bytes
 * download) when the server sends application/wasm, else falls back to an ArrayBuffer.
 */
export async function loadAttention({ wasmUrl = defaultWasmUrl } = {}) {
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
