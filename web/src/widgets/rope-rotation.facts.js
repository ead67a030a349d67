// The numbers lesson 13's prose states about its rotary-positions example, computed by the engine
// for a fence's config (no DOM), as the widget shows them first (rope-rotation/scores.js):
// score (q at m, k at n), moved5 (both 5 places on), unrotated (q·k with no turning),
// sameDistanceSpread (the largest difference from score over every pair of positions on the
// track at the same distance), speeds.<i> (degrees a place, pair i from 0), and for the bases
// 100, 10,000 and 1,000,000 (curves.<base>): where the score against distance first falls below
// zero (-1: not within reach) and its mean over distances 17 to 63.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
import { ropeScore, scoreCurve, pairSpeeds } from './rope-rotation/scores.js';

const BASES = [100, 10000, 1000000];

function curveFacts(engine, q, k, base, reach) {
  const ahead = scoreCurve(engine, { q, k, base, reach }).scores.slice(reach); // distances 0 .. reach
  const window = ahead.slice(17, 64);
  return {
    atZero: ahead[0],
    firstBelowZero: ahead.findIndex((s) => s < 0),
    mean17to63: window.reduce((a, b) => a + b, 0) / window.length,
  };
}

export default function facts(engine, config) {
  const { q, k } = config;
  const m = config.m ?? 3;
  const n = config.n ?? 7;
  const base = config.base ?? 10000;
  const max = config.maxPosition ?? 63;
  const reach = config.reach ?? 127;
  const at = (a, b) => ropeScore(engine, { q, k, m: a, n: b, base }).score;
  const score = at(m, n);
  let sameDistanceSpread = 0;
  for (let shift = -Math.min(m, n); Math.max(m, n) + shift <= max; shift++)
    sameDistanceSpread = Math.max(sameDistanceSpread, Math.abs(at(m + shift, n + shift) - score));
  return {
    score,
    moved5: at(m + 5, n + 5),
    unrotated: engine.dot(q, k),
    sameDistanceSpread,
    speeds: pairSpeeds(engine, q.length, base),
    curves: Object.fromEntries(BASES.map((b) => [b, curveFacts(engine, q, k, b, reach)])),
  };
}
