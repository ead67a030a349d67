// The rope-rotation widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const MAX_WIDTH = 16; // q and k: up to 8 pairs of dimensions, each drawn as a small circle
export const MAX_POSITION = 127;
export const MAX_REACH = 255; // the plot's distances, -reach to reach
export const BASE_MIN = 1;
export const BASE_MAX = 1e9;

const vector = param.vector({ minLength: 2, maxLength: MAX_WIDTH, min: -100, max: 100 });

export default declareConfig(
  {
    q: param.required(vector), // the query and the key, before any rotation (an even length)
    k: param.required(vector),
    m: param.integer({ min: 0, max: MAX_POSITION }), // the query's position first shown (default 3)
    n: param.integer({ min: 0, max: MAX_POSITION }), // the key's (default 7)
    maxPosition: param.integer({ min: 1, max: MAX_POSITION }), // the track's end (default 63)
    base: param.number({ min: BASE_MIN, max: BASE_MAX }), // the base first shown; the plot's grey curve keeps it (default 10,000)
    reach: param.integer({ min: 1, max: MAX_REACH }), // the plot's distances, -reach to reach (default 127)
    hide: param.hide(['positions', 'base', 'pairs', 'plot']),
  },
  {
    check: (c) => [
      ...(c.q.length % 2 === 0 ? [] : [{ path: 'q', message: 'must have an even length: its numbers turn in pairs' }]),
      ...(c.k.length === c.q.length ? [] : [{ path: 'k', message: `must have the length of q (${c.q.length})` }]),
      ...['m', 'n'].flatMap((key) =>
        (c[key] ?? 0) > (c.maxPosition ?? 63) ? [{ path: key, message: 'must be at most maxPosition' }] : [],
      ),
    ],
  },
);
