// The phase change of an induction run, read off the grid of evaluated steps: the moment copy
// accuracy on the repeated part leaves its plateau near chance and climbs. It is defined on the
// way up, from chance to a perfect copy, not on the run's final value, so it can be said while
// training goes on and never moves once said: the first evaluated step at which copy accuracy is
// past half-way from chance to 1. The rise around it is bounded by the last step still within a
// tenth of the way (the plateau's end) and the first step past nine tenths (the climb's end).
// Lesson 12's widget marks it; its facts and tests use the same function.

export const HALF = 0.5;
const LOW = 0.1;
const HIGH = 0.9;

/** Copy accuracy a fraction `f` of the way from chance to a perfect copy. */
export const level = (chance, f) => chance + f * (1 - chance);

/**
 * phaseChange(grid) -> null until it has happened, else { step, copyAccuracy, threshold,
 *   plateauEnd, riseEnd }
 * grid: [{ step, copyAccuracy, chance }] in step order (the live kit's evaluated steps).
 * step: the first entry past half-way; threshold: that half-way accuracy; plateauEnd: the step of
 * the last entry before it still under a tenth of the way (null if none was); riseEnd: the step
 * of the first entry from it on past nine tenths (null while none is).
 */
export function phaseChange(grid) {
  const ok = (g) => Number.isFinite(g?.copyAccuracy) && Number.isFinite(g?.chance) && Number.isFinite(g?.step);
  const at = grid.findIndex((g) => ok(g) && g.copyAccuracy >= level(g.chance, HALF));
  if (at < 0) return null;
  const hit = grid[at];
  let plateauEnd = null;
  for (let i = at - 1; i >= 0; i--) {
    if (ok(grid[i]) && grid[i].copyAccuracy < level(grid[i].chance, LOW)) {
      plateauEnd = grid[i].step;
      break;
    }
  }
  const high = grid.slice(at).find((g) => ok(g) && g.copyAccuracy >= level(g.chance, HIGH));
  return {
    step: hit.step,
    copyAccuracy: hit.copyAccuracy,
    threshold: level(hit.chance, HALF),
    plateauEnd,
    riseEnd: high ? high.step : null,
  };
}
