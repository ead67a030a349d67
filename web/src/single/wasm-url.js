// The single-file build's wasm/js/wasm-url.js: the same choice of binary, but each one is inside
// the page as base64 (virtual:single-wasm, made by vite.single.config.js), because a page opened
// from file:// can fetch nothing, and its CSP's connect-src is 'none'. The URLs are data: URLs
// that nothing fetches: inlinedBytes() decodes them, and the loaders pass the bytes as wasmBinary.
import { simdSupported } from '../../../wasm/js/simd.js';
import { engine, trainer } from 'virtual:single-wasm';

const dataUrl = (base64) => `data:application/wasm;base64,${base64}`;

export function engineWasmUrl() {
  return dataUrl(engine[simdSupported() ? 'simd' : 'plain']);
}

export function trainerWasmUrl() {
  return dataUrl(trainer[simdSupported() ? 'simd' : 'plain']);
}

/** The bytes of a URL from engineWasmUrl() or trainerWasmUrl(), decoded without a fetch. */
export function inlinedBytes(url) {
  const text = String(url);
  if (!text.startsWith('data:')) return null;
  const binary = atob(text.slice(text.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
