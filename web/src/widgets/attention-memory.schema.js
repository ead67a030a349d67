// The attention-memory widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const MAX_N = 1024; // the engine's longest input
export const MAX_WIDTH = 128;

export default declareConfig(
  {
    lengths: param.list(param.integer({ min: 2, max: MAX_N }), { minLength: 2, maxLength: 6 }), // default 64 ... 1,024
    widths: param.list(param.integer({ min: 1, max: MAX_WIDTH }), { minLength: 1, maxLength: 5 }), // the widths offered (default 4, 16, 64: wider takes the engine seconds at n = 1,024)
    width: param.integer({ min: 1, max: MAX_WIDTH }), // the width first shown, one of widths (default 64)
    blockSize: param.integer({ min: 1, max: MAX_N }), // default 64
  },
  {
    check: (c) => {
      const lengths = c.lengths ?? [64, 128, 256, 512, 1024];
      const widths = c.widths ?? [4, 16, 64];
      return [
        ...(lengths.every((n, i) => i === 0 || n > lengths[i - 1])
          ? []
          : [{ path: 'lengths', message: 'must grow from one to the next' }]),
        ...((c.blockSize ?? 64) <= lengths[0]
          ? []
          : [{ path: 'blockSize', message: `must be at most the shortest length (${lengths[0]})` }]),
        ...(widths.includes(c.width ?? 64)
          ? []
          : [{ path: 'width', message: `must be one of the widths (${widths.join(', ')})` }]),
      ];
    },
  },
);
