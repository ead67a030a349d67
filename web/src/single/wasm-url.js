// The single-file build's wasm/js/wasm-url.js: the same choice of binary, but each one is inside
// the page as a data: URL (virtual:single-wasm, made by vite.single.config.js), because a page
// opened from file:// can fetch nothing. wasm/js/wasm-bytes.js decodes them without a fetch.
import { simdSupported } from '../../../wasm/js/simd.js';
import { engine, trainer } from 'virtual:single-wasm';

const dataUrl = (base64) => `data:application/wasm;base64,${base64}`;

export function engineWasmUrl() {
  return dataUrl(engine[simdSupported() ? 'simd' : 'plain']);
}

export function trainerWasmUrl() {
  return dataUrl(trainer[simdSupported() ? 'simd' : 'plain']);
}
