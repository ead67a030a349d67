// Which engine binaries a browser should fetch: the SIMD builds where WebAssembly SIMD runs,
// the plain ones elsewhere. Every URL named here is shipped (Vite emits each as an asset); a
// page fetches only the ones it asks for, of its own kind.
//   engine.wasm     the attention engine alone: what the lessons' page loads (browser.js)
//   attention.wasm  engine + trainer: what the training widget's worker loads
// Both glue files are the same for the two builds (scripts/build-wasm.sh checks), so one
// import of each serves either binary.
import { simdSupported } from './simd.js';

const urls = {
  engine: {
    simd: new URL('../../build/wasm-simd/engine.wasm', import.meta.url),
    plain: new URL('../../build/wasm/engine.wasm', import.meta.url),
  },
  trainer: {
    simd: new URL('../../build/wasm-simd/attention.wasm', import.meta.url),
    plain: new URL('../../build/wasm/attention.wasm', import.meta.url),
  },
};

/** The URL of the engine's .wasm (no trainer) for this browser. */
export function engineWasmUrl() {
  return urls.engine[simdSupported() ? 'simd' : 'plain'];
}

/** The URL of the engine + trainer .wasm for this browser. */
export function trainerWasmUrl() {
  return urls.trainer[simdSupported() ? 'simd' : 'plain'];
}

/**
 * The binary's bytes when the page already holds them, else null (then fetch the URL). Always
 * null here; the single-file build's version of this module (web/src/single/wasm-url.js) returns
 * its inlined bytes, as a page opened from file:// can fetch nothing.
 */
export function inlinedBytes() {
  return null;
}
