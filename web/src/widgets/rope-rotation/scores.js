// The numbers the rotary-positions widget shows, each asked of the engine: selfAttention with
// positions 'rope' on an input built so that the query q sits at one position and the key k at
// another. X has 2d columns, q in the first d at the query's row and k in the last d at the key's
// row (one row holds both when the positions are equal); W_Q takes the first half and W_K the
// second, so row m of Q is q turned as at position m and row n of K is k turned as at n, and the
// unscaled score Q_m · K_n is the rotated q · k. Building X and the two selecting matrices is data
// handling; every rotation, product and angle is the engine's. No DOM: the widget and its facts
// (the prose's claims) share it.

const zeros = (n) => Array(n).fill(0);

/** The 2d x d matrix that takes columns offset .. offset + d - 1 of a row of width 2d. */
export function selector(d, offset) {
  return Array.from({ length: 2 * d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j + offset ? 1 : 0)));
}

function attention(engine, X, d, base) {
  const pick = selector(d, 0);
  return engine.selfAttention({
    X,
    Wq: pick,
    Wk: selector(d, d),
    Wv: pick,
    scale: false,
    positions: 'rope',
    ropeBase: base,
  });
}

/** q at position m, k at position n: { score, q: q turned, k: k turned }. */
export function ropeScore(engine, { q, k, m, n, base }) {
  const d = q.length;
  const X = Array.from({ length: Math.max(m, n) + 1 }, (_, row) => [
    ...(row === m ? q : zeros(d)),
    ...(row === n ? k : zeros(d)),
  ]);
  const t = attention(engine, X, d, base);
  return { score: t.scores[m][n], q: t.Q[m], k: t.K[n] };
}

/**
 * The score against the distance n - m, from -reach to reach, in one call: q at position reach,
 * k at every position from 0 to 2 reach. -> { distances, scores }
 */
export function scoreCurve(engine, { q, k, base, reach }) {
  const d = q.length;
  const X = Array.from({ length: 2 * reach + 1 }, (_, row) => [...(row === reach ? q : zeros(d)), ...k]);
  const scores = attention(engine, X, d, base).scores[reach];
  return { distances: scores.map((_, j) => j - reach), scores };
}

/**
 * How far each pair of dimensions turns per position, in degrees: the angle between [1, 0] and
 * the pair of a row of [1, 0, 1, 0, ...] turned as at position 1.
 */
export function pairSpeeds(engine, d, base) {
  const unit = Array.from({ length: d }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const turned = engine.rope([unit, unit], { base })[1];
  return Array.from(
    { length: d / 2 },
    (_, i) => engine.similarity([1, 0], turned.slice(2 * i, 2 * i + 2)).angleDegrees,
  );
}

/** Each pair's share of the score: the dot product of the turned q's and k's pair i. */
export function pairScores(engine, qTurned, kTurned) {
  return Array.from({ length: qTurned.length / 2 }, (_, i) =>
    engine.dot(qTurned.slice(2 * i, 2 * i + 2), kTurned.slice(2 * i, 2 * i + 2)),
  );
}
