// Browser entry point. By default the attention engine without the trainable models (engine.wasm:
// what the lessons' page loads, the smaller download); loadAttention({ trainer: true }) loads
// attention.wasm, engine + models, whose API adds createTrainer, createTranslator and every other
// declared model (the live-training worker loads the same file itself). Vite bundles the plain and the SIMD binaries as assets
// (wasm-url.js); a page fetches one: the SIMD build where WebAssembly SIMD runs, else the plain
// one. Their JS glue is the same file, so one import serves both; the models' glue is
// imported only when asked for, so the page's bundle does not carry it.
import createEngineModule from '../../build/wasm/engine.mjs';

import { makeAttentionApi } from './api.js';
import models from './model-declarations.js';
import { engineWasmUrl, trainerWasmUrl, inlinedBytes } from './wasm-url.js';

const loaded = new Map();

const noTrainer = () => {
  throw new Error('this engine was loaded without the trainer: use loadAttention({ trainer: true })');
};

async function instantiate(trainer, url) {
  const createModule = trainer ? (await import('../../build/wasm/attention.mjs')).default : createEngineModule;
  const wasmBinary = inlinedBytes(url);
  const api = makeAttentionApi(
    await createModule({
      ...(wasmBinary && { wasmBinary }),
      locateFile: (path, prefix) => (path.endsWith('.wasm') ? url : prefix + path),
    }),
  );
  if (!trainer) for (const model of models) api[`create${model.name}`] = noTrainer;
  return api;
}

/**
 * The engine API, instantiated once per wasm URL and shared by every caller.
 * trainer: true for the API with createTrainer (attention.wasm), false (the default) for the
 * engine alone (engine.wasm), whose createTrainer throws an Error saying so.
 * Emscripten compiles with WebAssembly.instantiateStreaming (while the bytes
 * download) when the server sends application/wasm, else falls back to an ArrayBuffer.
 */
export async function loadAttention({ trainer = false, wasmUrl = trainer ? trainerWasmUrl() : engineWasmUrl() } = {}) {
  const key = `${trainer ? 'trainer' : 'engine'} ${wasmUrl}`;
  if (!loaded.has(key)) {
    const promise = instantiate(Boolean(trainer), String(wasmUrl));
    promise.catch(() => loaded.delete(key)); // allow a retry after a failed download
    loaded.set(key, promise);
  }
  return loaded.get(key);
}
