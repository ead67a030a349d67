// The timing of a live model's worker (web/src/live/session.js): train in
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
