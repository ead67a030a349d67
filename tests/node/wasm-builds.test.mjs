// The two engine builds (build/wasm plain, build/wasm-simd with the wasm_simd128.h matrix
// kernel, wasm/src/matmul.cpp) and the loader's choice between them (wasm/js/simd.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { filled } from '../bench/inputs.mjs';
import { simdSupported } from '../../wasm/js/simd.js';

// b flattened once: flattening it again for every entry made a 64 x 64 comparison take a minute.
const maxDiff = (a, b) => {
  const flatB = b.flat();
  return Math.max(...a.flat().map((x, i) => Math.abs(x - flatB[i])));
};

test('Node 20 runs WebAssembly SIMD, so the default build is the SIMD one', async () => {
  assert.equal(simdSupported(), true);
  if (process.env.ATTN_WASM_SIMD === '0') return; // this run asks for the plain build
  assert.equal(await loadAttention(), await loadAttention({ simd: true }));
});

test('the plain and SIMD builds agree to 1e-12 on attention of every kernel shape', async () => {
  const plain = await loadAttention({ simd: false });
  const simd = await loadAttention({ simd: true });
  assert.notEqual(plain, simd);
  // 1..11 tokens and odd widths reach the kernel's 8-row and 2-row blocks and its scalar tail.
  for (const [n, d, dk] of [
    [1, 1, 1],
    [3, 5, 2],
    [8, 16, 16],
    [11, 7, 3],
    [37, 9, 5],
    [64, 64, 64],
  ]) {
    const spec = {
      X: filled(n, d, n),
      Wq: filled(d, dk, 2),
      Wk: filled(d, dk, 3),
      Wv: filled(d, d, 4),
      bq: filled(1, dk, 5)[0],
    };
    const a = plain.selfAttention(spec);
    const b = simd.selfAttention(spec);
    for (const key of ['Q', 'K', 'V', 'scores', 'weights', 'context', 'output']) {
      assert.ok(maxDiff(a[key], b[key]) <= 1e-12, `${n}x${d} (d_k ${dk}) ${key}: ${maxDiff(a[key], b[key])}`);
    }
  }
});

test('the plain and SIMD builds train alike (100 steps, losses within 1e-9)', async () => {
  const runs = [];
  for (const simd of [false, true]) {
    const attn = await loadAttention({ simd });
    const t = attn.createTrainer({ seed: 4 });
    runs.push(Array.from({ length: 100 }, () => t.step(1).loss));
    t.dispose();
  }
  assert.ok(maxDiff([runs[0]], [runs[1]]) <= 1e-9, `largest difference ${maxDiff([runs[0]], [runs[1]])}`);
});

test("the page's engine.wasm (no trainer) computes what the full module does", async () => {
  const { readFile } = await import('node:fs/promises');
  const { makeAttentionApi } = await import('../../wasm/js/api.js');
  const full = await loadAttention({ simd: true });
  for (const build of ['wasm', 'wasm-simd']) {
    const dir = new URL(`../../build/${build}/`, import.meta.url);
    const { default: create } = await import(new URL('engine.mjs', dir).href);
    const engine = makeAttentionApi(await create({ wasmBinary: await readFile(new URL('engine.wasm', dir)) }));
    assert.equal(engine.createTrainer, undefined, `${build}: the trainer is left out`);
    const spec = { X: filled(5, 4, 1), Wq: filled(4, 4, 2), Wk: filled(4, 4, 3), Wv: filled(4, 4, 4) };
    assert.ok(maxDiff(engine.selfAttention(spec).output, full.selfAttention(spec).output) <= 1e-12, build);
    assert.throws(() => engine.softmax([1, NaN]), /NaN/, `${build}: errors still reach JS`);
    // Lesson 13 measures memory in the page's module: it counts the bytes the full one does, to
    // a malloc chunk or two (a reused block may be a few bytes larger than asked).
    const tiles = { ...spec, X: filled(40, 4, 1), blockSize: 8 };
    const [a, b] = [engine.attentionMemory(tiles), full.attentionMemory(tiles)];
    for (const key of ['plainBytes', 'tiledBytes'])
      assert.ok(Math.abs(a[key] - b[key]) <= 64, `${build}: ${key} ${a[key]} here, ${b[key]} in the full module`);
  }
});
