// The timing of a training worker, shared by the training and the translator demos: train in
// slices of at most CHUNK_MS (so a message, such as pause or a new sentence, is answered within
// about that long), at a paced number of steps per second or as fast as possible, and report
// progress to the page at most every POST_MS.
const CHUNK_MS = 25;
export const POST_MS = 100;

/**
 * pacedLoop({ train(n) -> boolean, progress() }) -> { running, play(onStart), stop(), speed(s),
 *   run(n) -> boolean, posted() }
 * train(n) does n steps and returns false when a step was refused (it stops the loop and tells
 * the page itself); progress() posts to the page and calls posted().
 */
export function pacedLoop({ train, progress }) {
  let running = false;
  let stepsPerSecond = 50;
  let msPerStep = 1; // running estimate, sizes the slices
  let done = 0; // steps trained by this loop, for pacing
  let clock = null; // { t0, done } when play was pressed or the speed changed
  let timer = null;
  let lastPost = 0;

  function run(n) {
    const t0 = performance.now();
    if (!train(n)) return false;
    done += n;
    msPerStep = msPerStep * 0.7 + ((performance.now() - t0) / n) * 0.3;
    return true;
  }

  function tick() {
    timer = null;
    if (!running) return;
    const now = performance.now();
    const budget = Math.max(1, Math.floor(CHUNK_MS / Math.max(msPerStep, 1e-3)));
    let n = budget;
    if (Number.isFinite(stepsPerSecond)) {
      const due = Math.floor(((now - clock.t0) * stepsPerSecond) / 1000) - (done - clock.done);
      n = Math.min(budget, Math.max(0, due));
    }
    if (n > 0 && !run(n)) return;
    if (n > 0 && performance.now() - lastPost >= POST_MS) progress();
    if (!running) return;
    // Paced: wake when the next step is due; fast-forward: yield to the message queue, then go on.
    const wait =
      Number.isFinite(stepsPerSecond) && n < budget
        ? Math.max(0, 1000 / stepsPerSecond - (performance.now() - now))
        : 0;
    timer = setTimeout(tick, Math.min(wait, POST_MS));
  }

  const startClock = () => (clock = { t0: performance.now(), done });

  return {
    get running() {
      return running;
    },
    /** Starts training; onStart runs first, with running already true. */
    play(onStart) {
      running = true;
      startClock();
      onStart?.();
      tick();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      timer = null;
    },
    /** Steps per second; Infinity = as fast as possible. */
    speed(s) {
      stepsPerSecond = s > 0 ? s : 50;
      if (running) startClock();
    },
    run,
    posted() {
      lastPost = performance.now();
    },
  };
}

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
