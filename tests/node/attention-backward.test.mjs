// attn.selfAttentionBackward through the public JS API: every gradient against finite
// differences of the forward (attn.selfAttention), and bad input as a named Error.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';

let attn;
before(async () => {
  attn = await loadAttention();
});

// A small seeded generator, so a failure can be replayed.
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}
const matrix = (next, rows, cols) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => next()));

// L = sum(dContext .* context), so dL/dcontext = dContext.
function loss(spec) {
  const { context } = attn.selfAttention(spec);
  return context.flat().reduce((sum, c, k) => sum + c * spec.dContext.flat()[k], 0);
}

// Fourth-order central differences in every entry of spec[key] (a matrix or a vector).
function numeric(spec, key) {
  const value = structuredClone(spec[key]);
  const flat = value.flat();
  return flat.map((x, k) => {
    const h = 1e-3 * Math.max(1, Math.abs(x));
    const at = (v) => {
      const changed = structuredClone(value);
      if (Array.isArray(changed[0])) changed[Math.floor(k / changed[0].length)][k % changed[0].length] = v;
      else changed[k] = v;
      return loss({ ...spec, [key]: changed });
    };
    return (8 * (at(x + h) - at(x - h)) - (at(x + 2 * h) - at(x - 2 * h))) / (12 * h);
  });
}

function relativeError(analytic, numbers) {
  const a = analytic.flat();
  const norm = (v) => Math.hypot(...v);
  const scale = Math.max(norm(a), norm(numbers));
  const diff = norm(a.map((x, k) => x - numbers[k]));
  return scale < 1e-12 ? diff : diff / scale;
}

const grads = { X: 'dX', Wq: 'dWq', Wk: 'dWk', Wv: 'dWv', bq: 'dbq', bk: 'dbk', bv: 'dbv' };

test('selfAttentionBackward matches finite differences through the JS API', () => {
  const next = random(11);
  const options = [
    { causal: false, scale: true, biases: false, temperature: 1, dv: 0 },
    { causal: true, scale: true, biases: true, temperature: 0.7, dv: 2 },
    { causal: true, scale: false, biases: true, temperature: 2.5, dv: 1 },
    { causal: false, scale: false, biases: false, temperature: 1.3, dv: 3 },
  ];
  for (const [k, o] of options.entries()) {
    const n = 3 + (k % 2);
    const d = 2 + k;
    const dk = 2;
    const dv = d + o.dv;
    const spec = {
      X: matrix(next, n, d),
      Wq: matrix(next, d, dk),
      Wk: matrix(next, d, dk),
      Wv: matrix(next, d, dv),
      scale: o.scale,
      causal: o.causal,
      temperature: o.temperature,
      dContext: matrix(next, n, dv),
    };
    if (o.biases)
      Object.assign(spec, { bq: matrix(next, 1, dk)[0], bk: matrix(next, 1, dk)[0], bv: matrix(next, 1, dv)[0] });
    const g = attn.selfAttentionBackward(spec);
    for (const [key, grad] of Object.entries(grads)) {
      if (!(key in spec)) continue;
      const e = relativeError(g[grad], numeric(spec, key));
      assert.ok(e <= 1e-6, `case ${k}: ${grad} is off by ${e} relative`);
    }
    if (o.causal)
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) assert.ok(g.dScores[i][j] === 0, `dScores[${i}][${j}] is masked`);
    assert.equal(g.dWeights.length, n);
    assert.equal(g.dV[0].length, dv);
  }
});

test('selfAttentionBackward names dContext when its shape is wrong', () => {
  const spec = {
    X: [
      [1, 2],
      [3, 4],
    ],
    Wq: [
      [1, 0],
      [0, 1],
    ],
    Wk: [
      [1, 0],
      [0, 1],
    ],
    Wv: [[1], [1]],
  };
  assert.throws(
    () =>
      attn.selfAttentionBackward({
        ...spec,
        dContext: [
          [1, 2],
          [3, 4],
        ],
      }),
    /dContext/,
  );
  assert.throws(() => attn.selfAttentionBackward({ ...spec, dContext: [[1], [NaN]] }), /dContext/);
  assert.throws(() => attn.selfAttentionBackward(spec), /dContext/);
});
