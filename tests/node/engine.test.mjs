// The wasm engine through the public JS API: hand-checked cases (the same as
// tests/native), errors as JS Errors, and no leaks.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';

let attn;
before(async () => {
  attn = await loadAttention();
});

// The worked 2-token example that lesson 5 walks through (checked by hand in
// tests/native/test_engine_attention.cpp).
const worked = {
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

describe('the worked 2-token example through the JS API', () => {
  test('Q, K, V, scores, weights, context and output are exact', () => {
    const t = attn.selfAttention(worked);
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

const close = (actual, expected, tol, label = '') => {
  assert.equal(actual.length, expected.length, `${label} length`);
  expected.forEach((e, i) => {
    if (Array.isArray(e)) close(actual[i], e, tol, `${label}[${i}]`);
    else assert.ok(Math.abs(actual[i] - e) <= tol, `${label}[${i}]: ${actual[i]} vs ${e}`);
  });
};

describe('hand-checked cases (worked in tests/native)', () => {
  test('dot and similarity (word vectors [2, 2] and [-4, 3]; a 3-4-5 triangle)', () => {
    assert.equal(attn.dot([2, 2], [-4, 3]), -2);
    const s = attn.similarity([3, 4], [4, 3]);
    assert.equal(s.dot, 24);
    assert.ok(Math.abs(s.cosine - 0.96) < 1e-15);
    assert.ok(Math.abs(s.angleDegrees - 16.2602) < 1e-4);
    assert.deepEqual(s.terms, [12, 12]);
    assert.equal(attn.similarity([0, 0], [1, 2]).cosine, null); // a zero vector has no direction
  });

  test("softmax of lesson 3's scores [8, 2, 5] and of [-2, 8, 8] (a tie at the top)", () => {
    close(attn.softmax([8, 2, 5]), [0.9503, 0.0024, 0.0473], 5e-5);
    close(attn.softmax([-2, 8, 8]), [2.26994e-5, 0.4999887, 0.4999887], 1e-7);
  });

  test('softmax is stable, masks -Infinity and takes a temperature', () => {
    assert.deepEqual(attn.softmax([2505.5, 3574]), [0, 1]);
    assert.deepEqual(attn.softmax([0, -Infinity, 0]), [0.5, 0, 0.5]);
    const t = attn.softmaxTrace([1, 3], 2);
    assert.deepEqual(t.scaled, [0.5, 1.5]);
    assert.equal(t.max, 1.5);
    assert.deepEqual(t.shifted, [-1, 0]);
    assert.equal(t.exps[1], 1);
    close([t.sum], [1.3678794], 1e-7);
    close(t.weights, [0.2689414, 0.7310586], 1e-7);
    // The worked 2-token example before scaling: [5011, 7148] / sqrt(4) = [2505.5, 3574].
    const s = attn.softmaxTrace([5011, 7148], 1, 4);
    assert.equal(s.divisor, 2);
    assert.deepEqual(s.scaled, [2505.5, 3574]);
    assert.deepEqual(s.weights, [0, 1]);
    assert.throws(() => attn.softmaxTrace([1, 2], 1, 2.5), /d_k must be a whole number/);
    assert.throws(() => attn.softmaxTrace([1, 2], 1, 0), /d_k is 0/);
  });

  test('cat, sat, mat with identity weights: the new representation of cat is [2, 2.8641645]', () => {
    const I = [
      [1, 0],
      [0, 1],
    ];
    const t = attn.selfAttention({
      X: [
        [1, 2],
        [3, 1],
        [2, 3],
      ],
      Wq: I,
      Wk: I,
      Wv: I,
      scale: false,
    });
    assert.deepEqual(t.scores[0], [5, 5, 8]);
    close(t.weights[0], [0.0452785, 0.0452785, 0.909443], 1e-7);
    close(t.context[0], [2, 2.8641645], 1e-7);
  });

  test('causal mask on the worked 2-token example: token 1 only sees itself', () => {
    const t = attn.selfAttention({ ...worked, causal: true });
    assert.deepEqual(t.scores[0], [2505.5, -Infinity]);
    assert.deepEqual(t.weights[0], [1, 0]);
    assert.deepEqual(t.context[0], [51, 36, 45, 46]);
  });

  test('output is omitted when d_v differs from the width of X', () => {
    const t = attn.selfAttention({ ...worked, Wv: [[1], [0], [0], [0]] });
    assert.equal('output' in t, false);
    assert.deepEqual(t.context.length, 2);
  });

  test('linear, layer norm, positional encoding, feed-forward, multi-head', () => {
    assert.deepEqual(
      attn.linear(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 0, 2],
          [3, 4, 5],
        ],
        [1, 0, -1],
      ),
      [
        [8, 8, 11],
        [16, 16, 25],
      ],
    );

    const ln = attn.layerNormTrace(
      [
        [1, 2, 3, 4],
        [5, 5, 5, 5],
      ],
      { gamma: [1, 2, 1, 1], beta: [0, 0, 1, -1] },
    );
    assert.deepEqual(ln.mean, [2.5, 5]);
    assert.deepEqual(ln.variance, [1.25, 0]);
    close(
      ln.output,
      [
        [-1.3416354, -0.8944236, 1.4472118, 0.3416354],
        [0, 0, 1, -1],
      ],
      1e-7,
    );
    assert.deepEqual(attn.layerNorm([[1, 2, 3, 4]], { eps: 1e-5 }), attn.layerNormTrace([[1, 2, 3, 4]]).normalized);

    close(
      attn.positionalEncoding(3, 4),
      [
        [0, 1, 0, 1],
        [0.841471, 0.5403023, 0.0099998, 0.99995],
        [0.9092974, -0.4161468, 0.0199987, 0.9998],
      ],
      1e-7,
    );

    const ffn = {
      W1: [
        [1, 0, -1],
        [0, 1, 1],
      ],
      b1: [0, 1, 0],
      W2: [[2], [3], [4]],
      b2: [0.5],
    };
    assert.deepEqual(
      attn.feedForward(
        [
          [1, -2],
          [2, 1],
        ],
        ffn,
      ),
      [[2.5], [10.5]],
    );
    assert.deepEqual(attn.feedForwardTrace([[1, -2]], ffn).activated, [[1, 0, 0]]);

    const mh = attn.multiHeadAttention({
      X: [
        [1, 0],
        [0, 1],
      ],
      heads: [
        { Wq: [[1], [0]], Wk: [[1], [0]], Wv: [[1], [0]] },
        { Wq: [[0], [1]], Wk: [[0], [1]], Wv: [[0], [1]] },
      ],
      Wo: [
        [1, 1],
        [1, -1],
      ],
      bo: [0, 1],
    });
    assert.equal(mh.heads.length, 2);
    assert.deepEqual(Object.keys(mh.heads[0]).sort(), ['K', 'Q', 'V', 'context', 'scores', 'weights']);
    close(
      mh.concat,
      [
        [0.7310586, 0.5],
        [0.5, 0.7310586],
      ],
      1e-7,
    );
    close(
      mh.output,
      [
        [1.2310586, 1.2310586],
        [1.2310586, 0.7689414],
      ],
      1e-7,
    );
  });
});

describe('residual and attention entropy', () => {
  test('residual adds the context back: token 1 of the worked 2-token example', () => {
    assert.deepEqual(attn.residual([[6, 1, 4, 4]], [[68, 53, 63, 58]]), [[74, 54, 67, 62]]);
    assert.throws(() => attn.residual([[1, 2]], [[1, 2, 3]]), { message: 'X is 1 x 2 but Y is 1 x 3' });
  });

  test('attentionEntropy: one entropy per row, in bits', () => {
    // [0.5, 0.5]: 1 bit; [1, 0, 0]: 0 (0 log 0 = 0); uniform over 4: 2 bits.
    assert.deepEqual(attn.attentionEntropy([[0.5, 0.5]]), [1]);
    assert.deepEqual(attn.attentionEntropy([[1, 0, 0]]), [0]);
    assert.deepEqual(attn.attentionEntropy([[0.25, 0.25, 0.25, 0.25]]), [2]);
    // The weights of the worked 2-token example: token 1 looks only at token 2.
    assert.deepEqual(attn.attentionEntropy(attn.selfAttention(worked).weights), [0, 0]);
    assert.throws(() => attn.attentionEntropy([[0.3, 0.3, 0.3]]), {
      message: 'weights row 1 sums to 0.9; the weights of a row must sum to 1',
    });
    assert.throws(() => attn.attentionEntropy([[1.5, -0.5]]), {
      message: 'weights row 1 has -0.5 at column 2; attention weights are never negative',
    });
  });
});

describe('attention at scale (hand-checked in tests/native)', () => {
  const close = (actual, expected, tolerance, where) =>
    expected.forEach((row, i) =>
      row.forEach((v, j) =>
        assert.ok(Math.abs(actual[i][j] - v) <= tolerance, `${where}[${i}][${j}]: ${actual[i][j]}, expected ${v}`),
      ),
    );
  const E = Math.E;
  const identity = [
    [1, 0],
    [0, 1],
  ];
  const three = {
    X: [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
    Wq: identity,
    Wk: identity,
    Wv: identity,
    scale: false,
  };

  test('rope: [1, 2, 3, 4] at positions 0 and 1; an odd width keeps its last column', () => {
    const R = attn.rope([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    assert.deepEqual(R[0], [1, 2, 3, 4]);
    close(
      R,
      [
        [1, 2, 3, 4],
        [-1.1426396637476532, 1.922075596544176, 2.9598506679133294, 4.029799501669161],
      ],
      1e-15,
      'rope',
    );
    close(
      attn.rope(
        [
          [1, 2, 3, 4],
          [1, 2, 3, 4],
        ],
        { base: 100 },
      ),
      [
        [1, 2, 3, 4],
        [-1.1426396637476532, 1.922075596544176, 2.5856788292467652, 4.2795169110525881],
      ],
      1e-15,
      'base 100',
    );
    assert.equal(
      attn.rope([
        [1, 2, 5],
        [1, 2, 5],
      ])[1][2],
      5,
    );
  });

  test('attentionTiled: three tokens in blocks of two, every tile by hand', () => {
    const t = attn.attentionTiled({ ...three, blockSize: 2, trace: true });
    assert.deepEqual(
      t.tiles.map((x) => [x.queryStart, x.queryEnd, x.keyStart, x.keyEnd]),
      [
        [0, 2, 0, 2],
        [0, 2, 2, 3],
        [2, 3, 0, 2],
        [2, 3, 2, 3],
      ],
    );
    assert.deepEqual(t.tiles[0].max, [1, 1]);
    close([t.tiles[0].sum], [[1 + 1 / E, 1 + 1 / E]], 1e-15, 'sum');
    close(
      t.tiles[0].output,
      [
        [E / (E + 1), 1 / (E + 1)],
        [1 / (E + 1), E / (E + 1)],
      ],
      1e-15,
      'tile 1',
    );
    close(t.tiles[3].output, [[(E + 1) / (E + 2), (E + 1) / (E + 2)]], 1e-15, 'tile 4');
    assert.deepEqual(t.tiles[3].max, [2]);
    close(t.context, attn.selfAttention(three).context, 1e-15, 'context');
    assert.deepEqual(attn.attentionTiled({ ...three, blockSize: 3 }).tiles, []);
    assert.equal(attn.attentionTiled({ ...three, blockSize: 2, causal: true, trace: true }).tiles.length, 3);
  });

  test('grouped-query attention: 4 heads sharing 2 key/value heads', () => {
    const col = (a, b) => [[a], [b]];
    const heads = [
      { Wq: col(1, 0), Wk: col(1, 0), Wv: col(1, 0) },
      { Wq: col(0, 1) },
      { Wq: col(1, 1), Wk: col(0, 1), Wv: col(0, 2) },
      { Wq: col(-1, 0) },
    ];
    const Wo = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    const t = attn.multiHeadAttention({ X: identity, heads, Wo, kvHeads: 2 });
    close(
      t.output,
      [
        [E / (E + 1), 0.5, (2 * E) / (E + 1), 2 / (E + 1)],
        [0.5, E / (E + 1), (2 * E) / (E + 1), 1],
      ],
      1e-15,
      'output',
    );
    assert.deepEqual(t.heads[1].K, t.heads[0].K);
  });

  test('softmax plusOne: a row may weigh less than the whole', () => {
    const t = attn.selfAttention({
      X: identity,
      Wq: identity,
      Wk: identity,
      Wv: identity,
      scale: false,
      softmax: 'plusOne',
    });
    close(
      t.weights,
      [
        [E / (E + 2), 1 / (E + 2)],
        [1 / (E + 2), E / (E + 2)],
      ],
      1e-15,
      'weights',
    );
    assert.deepEqual(attn.selfAttention({ ...worked, softmax: 'plusOne' }).weights[0], [0, 1]);
  });

  test('each bad input is named', () => {
    const throwsMessage = (fn, message) => assert.throws(fn, (e) => e instanceof Error && e.message === message);
    throwsMessage(() => attn.rope([[1, 2]], { base: 0 }), 'base must be a finite number greater than 0, got 0');
    throwsMessage(() => attn.rope([[1, 2]], { base: NaN }), 'base must be a finite number greater than 0, got NaN');
    throwsMessage(() => attn.rope([[1, 2]], 3), 'rope options must be an object { base }');
    throwsMessage(
      () => attn.selfAttention({ ...worked, positions: 'alibi' }),
      `positions must be 'none' or 'rope', got the text "alibi"`,
    );
    throwsMessage(
      () => attn.selfAttention({ ...worked, softmax: 'PlusOne' }),
      `softmax must be 'standard' or 'plusOne', got the text "PlusOne"`,
    );
    throwsMessage(
      () => attn.selfAttention({ ...worked, positions: 'rope', ropeBase: -1 }),
      'ropeBase must be a finite number greater than 0, got -1',
    );
    for (const [blockSize, message] of [
      [0, 'blockSize must be a whole number from 1 to 3 (the tokens in X), got 0'],
      [4, 'blockSize must be a whole number from 1 to 3 (the tokens in X), got 4'],
      [1.5, 'blockSize must be a whole number, got 1.5'],
      ['2', 'blockSize must be a whole number, got the text "2"'],
      [undefined, 'blockSize must be a whole number, got nothing'],
    ])
      throwsMessage(() => attn.attentionTiled({ ...three, blockSize }), message);
    throwsMessage(
      () => attn.attentionTiled({ ...three, X: Array.from({ length: 65 }, () => [1, 0]), blockSize: 8, trace: true }),
      'trace is kept for at most 64 tokens, but X has 65; leave trace off for longer inputs',
    );
    const heads = [
      { Wq: [[1], [0]], Wk: [[1], [0]], Wv: [[1], [0]] },
      { Wq: [[0], [1]], Wk: [[0], [1]], Wv: [[0], [1]] },
    ];
    const spec = { X: identity, heads, Wo: identity };
    throwsMessage(
      () => attn.multiHeadAttention({ ...spec, kvHeads: 0 }),
      'kvHeads must divide the number of heads (2): 1 or 2, got 0',
    );
    throwsMessage(
      () => attn.multiHeadAttention({ ...spec, kvHeads: 3 }),
      'kvHeads must divide the number of heads (2): 1 or 2, got 3',
    );
    throwsMessage(() => attn.multiHeadAttention({ ...spec, kvHeads: 1.5 }), 'kvHeads must be a whole number, got 1.5');
    throwsMessage(
      () => attn.multiHeadAttention({ ...spec, kvHeads: 1 }),
      'head 2: leave out W_K: heads 1 and 2 share the keys and values given on head 1 (kvHeads 1)',
    );
    throwsMessage(
      () => attn.multiHeadAttention({ ...spec, heads: [heads[0], { Wq: [[0], [1]] }] }),
      'head 2: W_K is missing; each head needs its own W_K and W_V unless kvHeads groups the heads',
    );
    assert.deepEqual(
      attn.multiHeadAttention({ ...spec, kvHeads: null }).output,
      attn.multiHeadAttention({ ...spec, kvHeads: 2 }).output,
    );
  });
});

describe('size limits (no call can hold more than a bounded amount of memory)', () => {
  const one = { Wq: [[1]], Wk: [[1]], Wv: [[1]] };

  test('the limits come from the C++ engine', () => {
    assert.deepEqual(attn.limits, { dimension: 1024, heads: 16, numbers: 4194304 });
  });

  test('too many heads, rows, columns or entries name the limit', () => {
    assert.throws(() => attn.multiHeadAttention({ X: [[1]], heads: new Array(40).fill(one), Wo: [[1]] }), {
      message: '40 heads exceeds the limit of 16',
    });
    assert.throws(() => attn.linear(new Array(5000).fill([1]), [[1]]), {
      message: 'X has 5,000 rows, which exceeds the limit of 1,024',
    });
    assert.throws(() => attn.linear([new Array(2000).fill(1)], [[1]]), {
      message: 'X has 2,000 columns, which exceeds the limit of 1,024',
    });
    assert.throws(() => attn.softmax(new Array(1025).fill(0)), {
      message: 'x has 1,025 entries, which exceeds the limit of 1,024',
    });
  });

  test('a sparse X of length 1e8 is refused before anything is allocated', () => {
    const X = [];
    X.length = 1e8;
    X[0] = [1, 2];
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(() => attn.linear(X, [[1], [2]]), {
      message: 'X has 100,000,000 rows, which exceeds the limit of 1,024',
    });
    assert.ok(process.memoryUsage().arrayBuffers - before < 1e6, 'a large buffer was allocated');
  });

  test('a sparse heads array gives a named Error, not a TypeError', () => {
    const heads = [one, , one]; // eslint-disable-line no-sparse-arrays
    assert.throws(() => attn.multiHeadAttention({ X: [[1]], heads, Wo: [[1], [1], [1]] }), {
      name: 'Error',
      message: 'head 2: weights must be an object { Wq, Wk, Wv }',
    });
  });

  test('the numbers of one call are bounded, in and out', () => {
    const big = new Array(1024).fill(new Array(1024).fill(0));
    assert.throws(() => attn.selfAttention({ X: big, Wq: big, Wk: big, Wv: big }), {
      message: 'the arguments hold 4,194,312 numbers, which exceeds the limit of 4,194,304 (32 MB) per call',
    });
    const wide = new Array(1000).fill(new Array(1000).fill(0));
    const start = attn.heapStats();
    assert.throws(() => attn.selfAttention({ X: wide, Wq: wide, Wk: wide, Wv: wide }), {
      message:
        'attention over 1000 tokens would take 7,000,000 numbers, which exceeds the limit of 4,194,304 (32 MB) per call',
    });
    // The 32 MB of arguments were handed back after the call.
    assert.ok(attn.heapStats().allocatedBytes <= start.allocatedBytes, 'a large buffer was kept');
  });
});

describe('errors', () => {
  const throwsMessage = (fn, message) => assert.throws(fn, (e) => e instanceof Error && e.message === message);

  test('C++ errors arrive as Error with the engine message', () => {
    throwsMessage(
      () => attn.selfAttention({ ...worked, Wq: worked.Wq.slice(0, 3) }),
      'W_Q has 3 rows but X has 4 columns',
    );
    throwsMessage(() => attn.dot([1, 2], [1]), 'a has 2 entries but b has 1 entry; they must have the same length');
    throwsMessage(() => attn.softmax([1, 2], 0), 'temperature must be a finite number greater than 0, got 0');
    throwsMessage(() => attn.softmax([1, 2], NaN), 'temperature must be a finite number greater than 0, got NaN');
    assert.throws(() => attn.softmax([-1e308, -1e308], 0.1), /^Error: x \/ temperature overflowed/);
    throwsMessage(() => attn.softmax([1, NaN]), 'x has NaN at entry 2; every score must be a number');
    throwsMessage(
      () => attn.softmax([-Infinity, -Infinity]),
      'x is -Infinity everywhere (every position is masked); softmax needs at least one finite score',
    );
    throwsMessage(
      () => attn.linear([[1, Infinity]], [[1], [2]]),
      'X has Infinity at row 1, column 2; every entry must be a finite number',
    );
    throwsMessage(
      () => attn.linear([[1e308, 1e308]], [[10], [10]]),
      'X W overflowed (a result is too large to represent); use smaller numbers',
    );
    throwsMessage(() => attn.layerNorm([[1, 2, 3]], { gamma: [1, 1] }), 'gamma has 2 entries but X has 3 columns');
    throwsMessage(() => attn.positionalEncoding(0, 4), 'n (the number of positions) must be at least 1, got 0');
    throwsMessage(
      () => attn.multiHeadAttention({ X: [[1, 0]], heads: [{ Wq: [[1]], Wk: [[1]], Wv: [[1]] }], Wo: [[1]] }),
      'head 1: W_Q has 1 row but X has 2 columns',
    );
    throwsMessage(
      () =>
        attn.feedForward([[1, 2]], {
          W1: [
            [1, 0, -1],
            [0, 1, 1],
          ],
          W2: [[2], [3]],
        }),
      'W2 has 2 rows but the hidden layer has 3 columns',
    );
  });

  test('JS shape errors are caught before the engine is called', () => {
    throwsMessage(
      () => attn.linear([[1, 2], [3]], [[1], [1]]),
      'X row 2 has 1 number but row 1 has 2 numbers; every row must have the same length',
    );
    throwsMessage(() => attn.linear([], [[1]]), 'X is empty');
    throwsMessage(() => attn.linear([[]], [[1]]), 'X row 1 is empty');
    throwsMessage(() => attn.linear('X', [[1]]), 'X must be a matrix (an array of rows), got the text "X"');
    throwsMessage(() => attn.linear([[1, '2']], [[1], [1]]), 'X row 1, column 2 must be a number, got the text "2"');
    throwsMessage(() => attn.linear([[1, 2]], [1, 2]), 'W row 1 must be an array of numbers, got 1');
    throwsMessage(() => attn.dot([], [1]), 'a is empty');
    throwsMessage(() => attn.dot([1, null], [1, 2]), 'a entry 2 must be a number, got null');
    throwsMessage(() => attn.softmax([1], '2'), 'temperature must be a number, got the text "2"');
    throwsMessage(() => attn.positionalEncoding(2.5, 4), 'n must be a whole number, got 2.5');
    throwsMessage(
      () => attn.selfAttention({ ...worked, causal: 'yes' }),
      'causal must be true or false, got the text "yes"',
    );
    throwsMessage(() => attn.layerNorm([[1, 2]], 'eps'), 'layer norm parameters must be an object');
    throwsMessage(() => attn.feedForward([[1, 2]], null), 'W1 must be a matrix (an array of rows), got nothing');
    throwsMessage(() => attn.selfAttention(null), 'selfAttention needs an object { X, Wq, Wk, Wv, ... }');
    throwsMessage(
      () => attn.multiHeadAttention({ X: [[1]], heads: [], Wo: [[1]] }),
      'heads must be a non-empty array of { Wq, Wk, Wv }',
    );
    throwsMessage(
      () => attn.selfAttention({ X: worked.X, Wq: worked.Wq, Wk: worked.Wk }),
      'W_V must be a matrix (an array of rows), got nothing',
    );
  });

  test('the module keeps working after errors', () => {
    for (let i = 0; i < 100; i++) assert.throws(() => attn.softmax([1, 2], -1));
    assert.deepEqual(attn.selfAttention(worked).output[0], [74, 54, 67, 62]);
  });
});

describe('memory', () => {
  test('100,000 calls (successes and errors) do not grow the heap or leak', () => {
    const spec = { ...worked, causal: true };
    // Warm up so allocator pools and embind caches exist before measuring.
    for (let i = 0; i < 100; i++) attn.selfAttention(spec);
    const before = attn.heapStats();
    for (let i = 0; i < 100_000; i++) {
      if (i % 10 === 0) assert.throws(() => attn.dot([1, 2], [1]));
      else if (i % 2 === 0) attn.selfAttention(spec);
      else attn.softmax([1, 2, 3]);
    }
    const after = attn.heapStats();
    assert.equal(after.heapBytes, before.heapBytes, 'the wasm heap grew');
    assert.equal(after.allocatedBytes, before.allocatedBytes, "malloc'd bytes grew (a leak)");
    assert.equal(after.jsHandles, before.jsHandles, 'embind handles leaked');
  });
});

test('the package root resolves to the same memoised engine in Node', async () => {
  const pkg = await import('attention-tutorial');
  assert.equal(await pkg.loadAttention(), attn);
});
