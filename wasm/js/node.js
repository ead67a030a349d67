// Node entry point: import { loadAttention } from 'attention-tutorial'.
import { access, readFile } from 'node:fs/promises';

import { makeAttentionApi } from './api.js';
import { simdSupported } from './simd.js';

const builds = {
  plain: new URL('../../build/wasm/', import.meta.url),
  simd: new URL('../../build/wasm-simd/', import.meta.url),
};
const loading = new Map();

const exists = (url) =>
  access(url).then(
    () => true,
    () => false,
  );

async function load(name) {
  const buildDir = builds[name];
  const where = `build/${name === 'simd' ? 'wasm-simd' : 'wasm'}`;
  let createAttentionModule;
  try {
    ({ default: createAttentionModule } = await import(new URL('attention.mjs', buildDir).href));
  } catch (e) {
    throw new Error(`cannot load ${where}/attention.mjs (run "npm run build:wasm" first): ${e.message}`, {
      cause: e,
    });
  }
  // Emscripten 3.1.6 cannot fetch a file path in Node 20, so the bytes are handed over.
  const wasmBinary = await readFile(new URL('attention.wasm', buildDir));
  return makeAttentionApi(await createAttentionModule({ wasmBinary }));
}

/**
 * The engine API; each build is instantiated once and shared by every caller.
 * simd: true for the -msimd128 build (build/wasm-simd), false for the plain one
 * (build/wasm); by default the SIMD build when Node runs WebAssembly SIMD and it
 * has been built, unless the environment sets ATTN_WASM_SIMD=0 (npm run test:node
 * runs the Node tests once per build that way). fresh: a module of its own instead,
 * its wasm memory at its start (for measuring what a call takes).
 */
export async function loadAttention({ simd, fresh = false } = {}) {
  const useSimd =
    simd ??
    (process.env.ATTN_WASM_SIMD !== '0' && simdSupported() && (await exists(new URL('attention.wasm', builds.simd))));
  const name = useSimd ? 'simd' : 'plain';
  if (fresh) return load(name);
  if (!loading.has(name)) {
    const promise = load(name);
    promise.catch(() => loading.delete(name)); // a later call may succeed (e.g. after building)
    loading.set(name, promise);
  }
  return loading.get(name);
}
