// Training on a fixed grid of evaluated steps: a live model's held-out figures are measured at
// every multiple of `every` steps, whatever the slices the paced loop trains in, so "95% at step
// N" reads the same at any speed.
import { pacedLoop } from './paced-loop.js';

/**
 * gridTraining({ every, step(k) -> { step, loss, accuracy }, evaluate(step) -> entry, progress(),
 *   refused(error) }) -> { loop, step, takeFigures(), takeGrid(), restart(grid) }
 * Trains in engine calls that stop at every multiple of `every` steps to evaluate there, so the
 * held-out figures are measured at the same steps at any speed; keeps the training figures
 * (step-weighted) until the next progress takes them. A refused step stops the loop, posts
 * progress and calls refused(error).
 */
export function gridTraining({ every, step, evaluate, progress, refused }) {
  let current = 0;
  let pending = null; // { steps, loss, accuracy }: step-weighted sums since the last progress
  let grid = [];

  function train(n) {
    for (let left = n; left > 0;) {
      const k = Math.min(left, every - (current % every));
      let stats;
      try {
        stats = step(k);
      } catch (e) {
        loop.stop();
        progress();
        refused(e);
        return false;
      }
      current = stats.step;
      pending ??= { steps: 0, loss: 0, accuracy: 0 };
      pending.steps += k;
      pending.loss += stats.loss * k;
      pending.accuracy += stats.accuracy * k;
      left -= k;
      if (current % every === 0) grid.push(evaluate(current));
    }
    return true;
  }
  const loop = pacedLoop({ train, progress });

  return {
    loop,
    get step() {
      return current;
    },
    /** The training figures since the last call: mean loss and accuracy per step (null: no step). */
    takeFigures() {
      const p = pending;
      pending = null;
      return p?.steps
        ? { trainLoss: p.loss / p.steps, trainAccuracy: p.accuracy / p.steps }
        : { trainLoss: null, trainAccuracy: null };
    },
    /** The grid's evaluations since the last call. */
    takeGrid() {
      const g = grid;
      grid = [];
      return g;
    },
    /** Back to step 0 (a new or reset model); `first` starts the grid (step 0's evaluation). */
    restart(first = []) {
      current = 0;
      pending = null;
      grid = first;
    },
  };
}
