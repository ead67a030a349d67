// Held-out accuracy is measured on a fixed grid of steps (every EVAL_EVERY), whatever the chunk
// sizes the worker trains in, so "95% at step N" reads the same at any speed. Shared by the
// worker (which evaluates) and the widget (which says how often).
export const EVAL_EVERY = 10;
