// Held-out figures are measured on a fixed grid of steps (every EVAL_EVERY), whatever the slices
// the worker trains in, so "95% at step N" reads the same at any speed. A held-out evaluation
// translates every held-out sentence word by word (about 0.2-0.3 s in the worker, some 15 steps'
// time), so it is measured less often than in the training demo. Shared by the worker (which evaluates) and the widget (which says how often).
export const EVAL_EVERY = 100;
