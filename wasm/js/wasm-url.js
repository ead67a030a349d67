// Which engine binary a browser should fetch: the SIMD build where WebAssembly
// SIMD runs, the plain one elsewhere. Both are shipped (Vite emits every URL
// named here as an asset); a page fetches only the one returned.
// Shared by browser.js and the training widget's worker client.
import { simdSupported } from './simd.js';

const simdUrl = new URL('../../build/wasm-simd/attention.wasm', import.meta.url);
const plainUrl = new URL('../../build/wasm/attention.wasm', import.meta.url);

/** The URL of the engine's .wasm for this browser. */
export function engineWasmUrl() {
  return simdSupported() ? simdUrl : plainUrl;
}
