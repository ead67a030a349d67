// The engine's bytes for a live model's worker, fetched once per page and kept for the next
// mount. They are fetched when this module is imported, which the site does at idle time for
// every widget, so once the site has loaded the workers need no network (offline).
import { trainerWasmUrl, inlinedBytes } from '../../../wasm/js/wasm-url.js';

// Engine + trainer, the SIMD build where the browser runs WebAssembly SIMD, else the plain one.
const wasmUrl = trainerWasmUrl();
let wasmBytes = null;

/** -> Promise<ArrayBuffer>; a failed download is tried again on the next call. */
export function loadWasmBytes() {
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
