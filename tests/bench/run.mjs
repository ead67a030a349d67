// npm run bench: one table, every cell measured in this run (medians, see timing.mjs and
// engine_bench.cpp). Not part of npm test: it never fails on speed.
//
// Rows: attention forward (tokens x width 8x16, 64x64, 256x64; X W_Q, X W_K, X W_V, softmax,
// weights V, residual) and one training step of the demo's default model.
// Columns: tests/bench/engine_bench.cpp natively, in wasm without and with SIMD (both in Node,
// timed inside wasm), our JS API (attn.selfAttention / trainer.step on the SIMD build, so
// its cost over the wasm-SIMD column is the call overhead), "API/wasm" (the per-call
// overhead as a factor: attn.selfAttention's CPU time over that of the same packed call
// inside wasm, the two timed in turn in one process so the machine's load cancels; for the
// training step JS API / wasm SIMD), and TensorFlow.js 4.22 on its cpu and wasm backends
// (tfjs-model.mjs; the wasm backend's binaries come from node_modules).
//
// Writes tests/bench/results/latest.json, then docs/bench.svg and the table in docs/performance.md
// from it (docs.mjs).
//   BENCH_BUDGET_MS=300   time per measurement (more = steadier)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { makeAttentionApi } from '../../wasm/js/api.js';
import { writeBenchDocs } from './docs.mjs';
import { filled } from './inputs.mjs';
import { medianMicros, medianRatio } from './timing.mjs';
import { attentionForward, trainingStep } from './tfjs-model.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const BUDGET = Number(process.env.BENCH_BUDGET_MS ?? 300);
const SIZES = [
  [8, 16],
  [64, 64],
  [256, 64],
];
const log = (...a) => console.error(...a); // progress on stderr, the table on stdout

function sh(cmd, args, env = {}) {
  return execFileSync(cmd, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
}

// --- the C++ side: native and both wasm builds of engine_bench.cpp -------------------------
function buildEngineBench() {
  if (!existsSync(path.join(repo, 'build/native/CMakeCache.txt'))) {
    sh('cmake', ['-S', '.', '-B', 'build/native', '-DCMAKE_BUILD_TYPE=Release']);
  }
  sh('cmake', ['--build', 'build/native', '-j2', '--target', 'engine_bench']);
  for (const variant of ['wasm', 'wasm-simd']) {
    if (!existsSync(path.join(repo, `build/${variant}-cmake/CMakeCache.txt`))) {
      sh('bash', ['scripts/build-wasm.sh', variant === 'wasm' ? '--scalar' : '--simd']);
    }
    sh('cmake', ['--build', `build/${variant}-cmake`, '-j2', '--target', 'engine_bench'], {
      NODE_PATH: '/usr/share/nodejs', // emcc's optimiser needs acorn (see scripts/build-wasm.sh)
    });
  }
}

const engineBench = {
  native: () => JSON.parse(sh(path.join(repo, 'build/native/tests/bench/engine_bench'), [String(BUDGET)])),
  wasm: () => JSON.parse(sh(process.execPath, ['build/wasm-cmake/engine_bench.cjs', String(BUDGET)])),
  wasmSimd: () => JSON.parse(sh(process.execPath, ['build/wasm-simd-cmake/engine_bench.cjs', String(BUDGET)])),
};

// --- our JS API on the SIMD build ----------------------------------------------------------
// The module is instantiated here (as wasm/js/node.js does) so that the packed call can also
// be run alone: after attn.selfAttention(spec) its arguments stay in wasm memory, and
// Module._attn_call(index) runs that call again without JS on either side.
async function simdModule() {
  const dir = path.join(repo, 'build/wasm-simd');
  const { default: create } = await import(pathToFileURL(path.join(dir, 'attention.mjs')).href);
  return create({ wasmBinary: readFileSync(path.join(dir, 'attention.wasm')) });
}

function jsApi(Module, attn) {
  const index = attn.functions.findIndex((f) => f.name === 'selfAttention');
  const attention = SIZES.map(([n, d]) => {
    const spec = { X: filled(n, d, 1), Wq: filled(d, d, 2), Wk: filled(d, d, 3), Wv: filled(d, d, 4) };
    const api = () => attn.selfAttention(spec);
    return {
      us: medianMicros(api, BUDGET),
      overWasm: medianRatio(api, () => Module._attn_call(index), BUDGET),
    };
  });
  const trainer = attn.createTrainer();
  const train = medianMicros(() => trainer.step(1), BUDGET);
  trainer.dispose();
  return { attention, train };
}

// Real sentences of the demo's task (held-out ones; same lengths as training sentences) as
// token ids, for TF.js. Targets only need to be valid classes.
function demoBatches(attn) {
  const trainer = attn.createTrainer();
  const options = trainer.options();
  const vocabulary = trainer.vocabulary();
  const ids = new Map(vocabulary.map((w, i) => [w, i]));
  const sentences = trainer.sample(64);
  const examples = sentences.map((s, i) => {
    const p = trainer.predict(s);
    return {
      tokens: p.tokens.map((w) => ids.get(w)),
      query: p.query,
      target: i % p.candidates.length,
      classes: p.candidates.length,
    };
  });
  trainer.dispose();
  const batches = [];
  for (let b = 0; b + options.batch <= examples.length; b += options.batch) {
    const part = examples.slice(b, b + options.batch);
    batches.push({
      tokens: part.map((e) => e.tokens),
      query: part.map((e) => e.query),
      target: part.map((e) => e.target),
    });
  }
  const longest = Math.max(...examples.map((e) => e.tokens.length));
  return {
    options,
    batches,
    shape: {
      vocab: vocabulary.length,
      classes: examples[0].classes,
      width: options.width,
      position: attn.positionalEncoding(longest, options.width),
    },
    meanLength: examples.reduce((s, e) => s + e.tokens.length, 0) / examples.length,
  };
}

async function tfjs(backend, demo) {
  await tf.setBackend(backend);
  await tf.ready();
  const attention = SIZES.map(([n, d]) => {
    const f = attentionForward(tf, n, d);
    const us = medianMicros(f.run, BUDGET);
    f.dispose();
    return us;
  });
  const step = trainingStep(tf, demo.batches, demo.shape);
  const train = medianMicros(step.run, BUDGET);
  step.dispose();
  return { attention, train };
}

// --- run -----------------------------------------------------------------------------------
// The Emscripten glue rethrows uncaught errors with its whole (minified) source: print just the error.
process.on('uncaughtException', (e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
const loadBefore = os.loadavg();
log('building engine_bench (native, wasm, wasm-simd)...');
buildEngineBench();
log('engine_bench native...');
const native = engineBench.native();
log('engine_bench wasm...');
const wasm = engineBench.wasm();
log('engine_bench wasm-simd...');
const wasmSimd = engineBench.wasmSimd();

log('JS API (SIMD build)...');
const Module = await simdModule();
const attn = makeAttentionApi(Module);
const api = jsApi(Module, attn);
const demo = demoBatches(attn);

// TF.js picks its SIMD wasm binary itself (this Node has SIMD); nothing is downloaded.
const require = createRequire(import.meta.url);
setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
log('TensorFlow.js cpu...');
const tfCpu = await tfjs('cpu', demo);
log('TensorFlow.js wasm...');
const tfWasm = await tfjs('wasm', demo);

const rows = [
  ...SIZES.map(([n, d], i) => ({
    id: `attention-${n}x${d}`,
    label: `attention forward ${n}x${d}`,
    native: native.attention[i].us,
    wasm: wasm.attention[i].us,
    wasmSimd: wasmSimd.attention[i].us,
    jsApi: api.attention[i].us,
    apiOverWasm: api.attention[i].overWasm,
    tfjsCpu: tfCpu.attention[i],
    tfjsWasm: tfWasm.attention[i],
  })),
  {
    id: 'train-step',
    label: `training step (batch ${demo.options.batch})`,
    native: native.trainStep.us,
    wasm: wasm.trainStep.us,
    wasmSimd: wasmSimd.trainStep.us,
    jsApi: api.train,
    tfjsCpu: tfCpu.train,
    tfjsWasm: tfWasm.train,
  },
];
for (const r of rows) {
  // > 1 means the first is faster: native speed = 1, TF.js time / ours.
  r.simdVsNative = r.native / r.wasmSimd;
  r.apiOverWasm ??= r.jsApi / r.wasmSimd;
  r.speedupVsTfjsCpu = r.tfjsCpu / r.jsApi;
  r.speedupVsTfjsWasm = r.tfjsWasm / r.jsApi;
}

const result = {
  date: new Date().toISOString(),
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    loadBefore: loadBefore.map((x) => +x.toFixed(2)),
    loadAfter: os.loadavg().map((x) => +x.toFixed(2)),
  },
  versions: { tfjs: tf.version.tfjs, eigenSimd: { native: native.eigenSimd, wasmSimd: wasmSimd.eigenSimd } },
  budgetMs: BUDGET,
  unit: 'microseconds per call, median of 9 samples',
  trainer: { ...demo.options, meanSentenceLength: +demo.meanLength.toFixed(2) },
  rows,
  gemm64Gflops: { native: native.gemm64.gflops, wasm: wasm.gemm64.gflops, wasmSimd: wasmSimd.gemm64.gflops },
};

// --- the table -----------------------------------------------------------------------------
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us < 10 ? 2 : 1)} us`);
const ratio = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}x`;
const header = [
  '',
  'native',
  'wasm',
  'wasm SIMD',
  'JS API',
  'API/wasm',
  'TF.js cpu',
  'TF.js wasm',
  'SIMD/native',
  'vs TF.js cpu',
  'vs TF.js wasm',
];
const table = [
  header,
  ...rows.map((r) => [
    r.label,
    fmt(r.native),
    fmt(r.wasm),
    fmt(r.wasmSimd),
    fmt(r.jsApi),
    ratio(r.apiOverWasm),
    fmt(r.tfjsCpu),
    fmt(r.tfjsWasm),
    ratio(r.simdVsNative),
    ratio(r.speedupVsTfjsCpu),
    ratio(r.speedupVsTfjsWasm),
  ]),
];
const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table.slice(1)) console.log(line(row));
console.log(
  `\n64x64 matrix product: native ${result.gemm64Gflops.native.toFixed(1)}, wasm ${result.gemm64Gflops.wasm.toFixed(1)}, ` +
    `wasm SIMD ${result.gemm64Gflops.wasmSimd.toFixed(1)} GFLOP/s. SIMD/native = native time / wasm-SIMD time; ` +
    'API/wasm = CPU time of a selfAttention call from JS / of the same call inside wasm (training: JS API / wasm SIMD); ' +
    `vs TF.js = TF.js time / JS API time. Load average ${result.machine.loadBefore[0]} -> ${result.machine.loadAfter[0]}.`,
);

mkdirSync(path.join(repo, 'tests/bench/results'), { recursive: true });
writeFileSync(path.join(repo, 'tests/bench/results/latest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeBenchDocs(result);
log('wrote tests/bench/results/latest.json, docs/bench.svg and the table in docs/performance.md');
