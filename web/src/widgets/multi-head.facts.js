// The numbers lesson 7's prose states about its multi-head example, computed by the engine for a
// fence's config (no DOM), as the widget first shows them (config.h heads, default 2):
// heads.<i>.weights.<r>.<c>, concat.<r>.<c>, output.<r>.<c> (counted from 0), and
// largestOtherOutput0, the largest first output column among words other than the two largest.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
export default function facts(engine, config) {
  const dv = config.heads[0].Wv[0].length;
  const h = Math.min(config.h ?? 2, config.heads.length, Math.floor(config.Wo.length / dv));
  const res = engine.multiHeadAttention({
    X: config.X,
    heads: config.heads.slice(0, h),
    Wo: config.Wo.slice(0, h * dv),
    bo: config.bo,
    causal: config.causal ?? false,
  });
  // Picking the third largest entry is selection, not arithmetic.
  const firstColumn = res.output.map((row) => row[0]).sort((a, b) => b - a);
  return {
    heads: res.heads.map((t) => ({ weights: t.weights })),
    concat: res.concat,
    output: res.output,
    largestOtherOutput0: firstColumn[2] ?? -Infinity,
  };
}
