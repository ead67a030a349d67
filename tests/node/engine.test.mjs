// The wasm engine through the public JS API: hand-checked cases (the same as
// tests/native), errors as JS Errors, and no leaks.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';

let attn;
before(async () => {
  attn = await loadAttention();
});

// Note 001, the two-token example (checked by hand in tests/native/test_engine_attention.cpp).
const note001 = {
  X: [
    [6, 1, 4, 4],
    [8, 4, 6, 3],
  ],
  Wq: [
    [1, 4, 3, 1],
    [1, 1, 3, 2],
    [3, 4, 4, 3],
    [1, 2, 2, 2],
  ],
  Wk: [
    [2, 1, 2, 1],
    [4, 1, 4, 2],
    [3, 4, 4, 1],
    [3, 4, 1, 2],
  ],
  Wv: [
    [4, 2, 4, 4],
    [3, 4, 1, 2],
    [2, 2, 4, 1],
    [4, 3, 1, 4],
  ],
};

describe('note 001 through the JS API', () => {
  test('Q, K, V, scores, weights, context and output are exact', () => {
    const t = attn.selfAttention(note001);
    assert.deepEqual(t.Q[0], [23, 49, 45, 28]);
    assert.deepEqual(t.Q[1], [33, 66, 66, 40]);
    assert.deepEqual(t.K, [
      [40, 39, 36, 20],
      [59, 48, 59, 28],
    ]);
    assert.deepEqual(t.V, [
      [51, 36, 45, 46],
      [68, 53, 63, 58],
    ]);
    assert.deepEqual(t.scores[0], [2505.5, 3574]);
    assert.deepEqual(t.weights[0], [0, 1]);
    assert.deepEqual(t.context[0], [68, 53, 63, 58]);
    assert.deepEqual(t.output[0], [74, 54, 67, 62]);
  });
});
