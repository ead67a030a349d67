// The step at which a live model first reaches a target on its held-out figures ("95% at step
// N"), read off the worker's grid of evaluated steps so it does not depend on the speed. It is
// said on a line of its own, not the transport's status line: "Paused at step N" or a refused
// step must not wipe out the fact that the run got there.

/**
 * milestone({ root, status, key, target, test(entry), say(hit, every), short, data(hit) }) -> { check(grid,
 *   every), reached, suffix(), forget() }
 * key: the grid entry's figure compared with target, or test(entry) -> true when an entry reaches
 * a target made of several figures (target then only names its percentage); say(hit, every): the status note when it is
 * reached; short: its name in the previous run's label ("; 95% held-out at step N"); data(hit):
 * more of the hit for root's data attributes (reachedStep is always set).
 */
export function milestone({ root, line, key, target, test, say, short, data = () => ({}) }) {
  const passes = test ?? ((g) => g[key] >= target);
  let reached = null; // the grid entry that first reached the target since the last new run
  const marks = (hit) => ({ reachedStep: hit.step, ...data(hit) });
  return {
    /** Looks for the first entry reaching the target; says it once per run. */
    check(grid, every) {
      if (reached) return;
      const hit = grid.find(passes);
      if (!hit) return;
      reached = hit;
      for (const [name, value] of Object.entries(marks(hit))) root.dataset[name] = String(value);
      line.show(say(hit, every), 'note');
    },
    get reached() {
      return reached;
    },
    suffix: () =>
      reached ? `; ${Math.round(100 * target)}% ${short} at step ${reached.step.toLocaleString('en')}` : '',
    forget() {
      if (reached) for (const name of Object.keys(marks(reached))) delete root.dataset[name];
      reached = null;
      line.clear();
    },
  };
}
