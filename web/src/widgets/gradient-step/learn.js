// The engine calls behind one step of learning on one attention head, shared by the
// gradient-step widget and its facts (no DOM). The loss reads one token's context only:
// L = ½ |c_r − c*|², where c* = t V is the context that token would get if it attended with the
// target weights t (V as at the start). Every number is the engine's: the page builds the
// matrices it multiplies by (an identity, a zero row) and nothing else.
import { identity } from '../../ui/data.js';

/** c* = t V, the context of attending with the target weights t, for the example's V. */
export function targetContextOf(engine, W, target) {
  const { V } = engine.selfAttention({ X: W.X, Wq: W.Wq, Wk: W.Wk, Wv: W.Wv });
  return engine.linear([target], V)[0];
}

/**
 * The forward pass, the loss and every gradient for the weights W = { X, Wq, Wk, Wv }.
 * -> { forward, diff (c_r − c*), loss, dContext, grads (selfAttentionBackward's result) }
 */
export function lossAndGradients(engine, W, targetContext, row = 0) {
  const forward = engine.selfAttention({ X: W.X, Wq: W.Wq, Wk: W.Wk, Wv: W.Wv });
  const dv = targetContext.length;
  // c_r − c*: the row [c_r, c*] times the stacked matrix [I; −I].
  const diff = engine.linear(
    [[...forward.context[row], ...targetContext]],
    [...identity(dv, 1), ...identity(dv, -1)],
  )[0];
  const loss = engine.linear([[engine.dot(diff, diff)]], [[0.5]])[0][0];
  // dL/dc is c_r − c* in row r and 0 elsewhere: the loss reads no other token's context.
  const dContext = forward.context.map((c, i) => (i === row ? diff : c.map(() => 0)));
  const grads = engine.selfAttentionBackward({ X: W.X, Wq: W.Wq, Wk: W.Wk, Wv: W.Wv, dContext });
  return { forward, diff, loss, dContext, grads };
}

/**
 * One step of gradient descent, W <- W − lr dW, on W_Q and W_K, and on W_V too when `values`.
 * The engine multiplies dW by −lr·I and adds it to W.
 */
export function step(engine, W, grads, lr, { values = false } = {}) {
  const move = (M, dM) => engine.residual(M, engine.linear(dM, identity(dM[0].length, -lr)));
  return {
    ...W,
    Wq: move(W.Wq, grads.dWq),
    Wk: move(W.Wk, grads.dWk),
    Wv: values ? move(W.Wv, grads.dWv) : W.Wv,
  };
}

/**
 * From the example, one step per learning rate in `lrs`.
 * -> { W (the weights now), targetContext, history: [lossAndGradients at step 0, 1, ...] }
 */
export function replay(engine, example, target, lrs, { values = false, row = 0 } = {}) {
  let W = { X: example.X, Wq: example.Wq, Wk: example.Wk, Wv: example.Wv };
  const targetContext = targetContextOf(engine, W, target);
  const history = [lossAndGradients(engine, W, targetContext, row)];
  for (const lr of lrs) {
    W = step(engine, W, history.at(-1).grads, lr, { values });
    history.push(lossAndGradients(engine, W, targetContext, row));
  }
  return { W, targetContext, history };
}
