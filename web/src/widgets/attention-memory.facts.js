// The numbers lesson 13's prose states about the memory of the two attention paths, measured by
// the engine's own count in Node as the widget measures them in the page
// (attention-memory/measure.js): widths.<d>.<n> = { plainBytes, tiledBytes, ratio } for the
// widths 4 and 64 at every length of the fence, with matrices (the plain path's peak over two
// n x n matrices of doubles, 2·8n², a formula) and beyond (what the plain path holds besides
// those two, over what the tiled path holds in all); widths.<d>.growth = { plain, tiled }, each
// path's peak at the longest length over its peak at the one before. tests/node/claims.test.mjs
// checks the fence's "claims" against these.
import { measure } from './attention-memory/measure.js';

export default function facts(engine, config) {
  const lengths = config.lengths ?? [64, 128, 256, 512, 1024];
  const blockSize = config.blockSize ?? 64;
  const widths = {};
  for (const d of [4, 64]) {
    widths[d] = {};
    for (const n of lengths) {
      const r = measure(engine, n, d, blockSize);
      const twoMatrices = 2 * 8 * n * n;
      widths[d][n] = {
        ...r,
        matrices: r.plainBytes / twoMatrices,
        beyond: (r.plainBytes - twoMatrices) / r.tiledBytes,
      };
    }
    const [before, last] = lengths.slice(-2).map((n) => widths[d][n]);
    widths[d].growth = { plain: last.plainBytes / before.plainBytes, tiled: last.tiledBytes / before.tiledBytes };
  }
  return { widths };
}
