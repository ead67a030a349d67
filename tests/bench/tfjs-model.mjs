// The benchmark's computations written with TensorFlow.js ops, for the
// comparison in `npm run bench` (run.mjs times them on TF.js's cpu and wasm backends).
//
//   attentionForward(tf, n, d)        one self-attention head, as attn.selfAttention
//   trainingStep(tf, batches, shape)  one step of the training demo's model
//
// Each returns { run, dispose }; run() does the work and reads the result back
// to JS (dataSync), as a page would. TF.js gets its best case: whole batches
// as single ops, padded to the longest sentence, and only the output read back.

/** X (n x d) -> X + softmax(Q K^T / sqrt(d)) V, with Q = X Wq, K = X Wk, V = X Wv. */
export function attentionForward(tf, n, d) {
  const X = tf.randomUniform([n, d], -1, 1, 'float32', 1);
  const [Wq, Wk, Wv] = [2, 3, 4].map((seed) => tf.randomUniform([d, d], -1, 1, 'float32', seed).div(Math.sqrt(d)));
  const scale = 1 / Math.sqrt(d);
  return {
    run() {
      const out = tf.tidy(() => {
        const Q = tf.matMul(X, Wq);
        const K = tf.matMul(X, Wk);
        const V = tf.matMul(X, Wv);
        const weights = tf.softmax(tf.mul(tf.matMul(Q, K, false, true), scale));
        return tf.add(X, tf.matMul(weights, V));
      });
      out.dataSync();
      out.dispose();
    },
    dispose: () => tf.dispose([X, Wq, Wk, Wv]),
  };
}

/**
 * The training demo's model (wasm/src/train/model.cpp, default configuration):
 * token embedding + sinusoidal position -> one attention head (Q, K, V with
 * biases, scaled, softmax) -> output projection Wo -> residual -> read-out
 * Wr, br at the query position -> softmax cross-entropy; gradients clipped to
 * global norm 1; Adam (lr 0.01, beta1 0.9, beta2 0.999, eps 1e-8).
 *
 * batches: [{ tokens: number[][], query: number[], target: number[] }] sentences
 * of varying length; shape: { vocab, classes, width, position (rows of the encoding) }.
 * Each run() is one step on the next batch (round robin).
 */
export function trainingStep(tf, batches, { vocab, classes, width: d, position }) {
  const s = 1 / Math.sqrt(d);
  const normal = (shape, stddev, seed) => tf.variable(tf.randomNormal(shape, 0, stddev, 'float32', seed));
  const params = {
    embedding: normal([vocab, d], 1, 1),
    Wq: normal([d, d], s, 2),
    Wk: normal([d, d], s, 3),
    Wv: normal([d, d], s, 4),
    bq: tf.variable(tf.zeros([d])),
    bk: tf.variable(tf.zeros([d])),
    bv: tf.variable(tf.zeros([d])),
    Wo: normal([d, d], s, 5),
    Wr: normal([d, classes], s, 6),
    br: tf.variable(tf.zeros([classes])),
  };
  const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-8);

  // Inputs as tensors once: the timed step is the model, not JS array handling.
  const prepared = batches.map(({ tokens, query, target }) => {
    const B = tokens.length;
    const L = Math.max(...tokens.map((t) => t.length));
    const ids = tokens.map((t) => [...t, ...new Array(L - t.length).fill(0)]);
    const keep = tokens.map((t) => Array.from({ length: L }, (_, j) => (j < t.length ? 0 : -1e9)));
    return {
      B,
      L,
      ids: tf.tensor2d(ids, [B, L], 'int32'),
      mask: tf.tensor3d(
        keep.map((row) => [row]),
        [B, 1, L],
      ), // padding keys get -1e9 before softmax
      pick: tf.oneHot(tf.tensor1d(query, 'int32'), L).toFloat().expandDims(2), // B x L x 1
      labels: tf.oneHot(tf.tensor1d(target, 'int32'), classes).toFloat(),
      pe: tf.tensor2d(position.slice(0, L)),
    };
  });

  const loss = ({ B, L, ids, mask, pick, labels, pe }) => {
    // Embedding lookup as a one-hot product: the wasm backend has no gradient kernel for
    // gather (UnsortedSegmentSum), and with a vocabulary this small the product is cheap.
    const rows = tf.matMul(tf.reshape(tf.oneHot(ids, vocab), [B * L, vocab]), params.embedding);
    const X = tf.add(tf.reshape(rows, [B, L, d]), pe); // B x L x d
    const flat = tf.reshape(X, [B * L, d]);
    const project = (W, b) => tf.reshape(tf.add(tf.matMul(flat, W), b), [B, L, d]);
    const Q = project(params.Wq, params.bq);
    const K = project(params.Wk, params.bk);
    const V = project(params.Wv, params.bv);
    const A = tf.softmax(tf.add(tf.mul(tf.matMul(Q, K, false, true), s), mask)); // B x L x L
    const context = tf.reshape(tf.matMul(A, V), [B * L, d]);
    const H = tf.add(X, tf.reshape(tf.matMul(context, params.Wo), [B, L, d]));
    const z = tf.sum(tf.mul(H, pick), 1); // the query row of each sentence, B x d
    const logits = tf.add(tf.matMul(z, params.Wr), params.br);
    return tf.losses.softmaxCrossEntropy(labels, logits);
  };

  let next = 0;
  return {
    run() {
      const batch = prepared[next];
      next = (next + 1) % prepared.length;
      const value = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => loss(batch));
        const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0];
        const factor = norm > 1 ? 1 / norm : 1;
        const clipped = {};
        for (const [name, g] of Object.entries(grads)) clipped[name] = factor === 1 ? g : tf.mul(g, factor);
        optimizer.applyGradients(clipped);
        return value;
      });
      value.dataSync();
      value.dispose();
    },
    dispose() {
      for (const p of prepared) tf.dispose([p.ids, p.mask, p.pick, p.labels, p.pe]);
      tf.dispose(Object.values(params));
      optimizer.dispose();
    },
  };
}
