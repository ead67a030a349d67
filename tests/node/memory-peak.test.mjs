// The engine's own count of the bytes it holds (wasm/bindings/heap_count.cpp, read by
// attn.measurePeak): it sees every matrix a call reads and makes, leaves out the buffers that
// carry arguments and results to and from JS, and measures the tiled attention path against the
// plain one as lesson 13 does in the page (attn.attentionMemory).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { filled } from '../bench/inputs.mjs';

const attn = await loadAttention();
const identity = (d) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

test('the count sees what a call reads and makes, and not the buffers that carry them across', () => {
  // rope reads X into a matrix and makes one of the same size: 2 x 100 x 100 doubles. The packed
  // arguments and the packed result (as large again each) are not counted.
  const X = filled(100, 100, 1);
  const { result, peakBytes } = attn.measurePeak(() => attn.rope(X));
  assert.equal(result.length, 100);
  assert.ok(peakBytes >= 160000, `${peakBytes} bytes: a matrix was not seen`);
  assert.ok(peakBytes < 160000 + 4096, `${peakBytes} bytes: more than the two matrices`);
  // Nothing run, nothing counted; a call refused leaves its message and the count working.
  assert.equal(attn.measurePeak(() => 5).peakBytes, 0);
  assert.throws(() => attn.measurePeak(() => attn.softmax([NaN])), /NaN/);
  assert.throws(() => attn.measurePeak('rope'), {
    message: 'measurePeak needs a function to run, got the text "rope"',
  });
  assert.ok(attn.measurePeak(() => attn.rope(X)).peakBytes >= 160000);
});

test('at n = 1,024 (width 64, blocks of 64) the tiled path holds at most an eighth of what the plain path holds', () => {
  const n = 1024;
  const d = 64;
  const I = identity(d);
  const m = attn.attentionMemory({ X: attn.positionalEncoding(n, d), Wq: I, Wk: I, Wv: I, blockSize: 64 });
  // The plain path holds the n x n scores and the weights; the tiled one neither.
  assert.ok(m.plainBytes >= 2 * 8 * n * n, `plain ${m.plainBytes}`);
  assert.ok(m.tiledBytes * 8 <= m.plainBytes, `tiled ${m.tiledBytes}, plain ${m.plainBytes}`);
  assert.equal(m.ratio, m.plainBytes / m.tiledBytes);
  // Causal: the mask skips tiles but changes what neither path holds.
  const causal = attn.attentionMemory({
    X: attn.positionalEncoding(n, d),
    Wq: I,
    Wk: I,
    Wv: I,
    blockSize: 64,
    causal: true,
  });
  assert.ok(
    causal.tiledBytes * 8 <= causal.plainBytes,
    `causal: tiled ${causal.tiledBytes}, plain ${causal.plainBytes}`,
  );
  // A bad block size is refused before the plain call runs.
  assert.throws(() => attn.attentionMemory({ X: [[1]], Wq: [[1]], Wk: [[1]], Wv: [[1]], blockSize: 0 }), /blockSize/);
  assert.throws(() => attn.attentionMemory(null), /attentionMemory needs an object/);
});
