// Node entry point: import { loadAttention } from 'attention-tutorial'.
import { readFile } from 'node:fs/promises';

import { makeAttentionApi } from './api.js';

const buildDir = new URL('../../build/wasm/', import.meta.url);
let loading = null;

async function load() {
  let createAttentionModule;
  try {
    ({ default: createAttentionModule } = await import(new URL('attention.mjs', buildDir).href));
  } catch (e) {
    throw new Error(`cannot load build/wasm/attention.mjs (run "npm run build:wasm" first): ${e.message}`);
  }
  // Emscripten 3.1.6 cannot fetch a file path in Node 20, so the bytes are handed over.
  const wasmBinary = await readFile(new URL('attention.wasm', buildDir));
  return makeAttentionApi(await createAttentionModule({ wasmBinary }));
}

/** The engine API; the module is instantiated once and shared by every caller. */
export async function loadAttention() {
  loading ??= load().catch((e) => {
    loading = null; // a later call may succeed (e.g. after building)
    throw e;
  });
  return loading;
}
