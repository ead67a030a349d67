// The attention-cost widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';

export const MAX_N = 1e6;

export default declareConfig({
  // the preset lengths, and the rows of the cost table
  lengths: param.list(param.integer({ min: 1, max: MAX_N }), { maxLength: 12 }),
  heads: param.integer({ min: 1, max: 1024 }),
  layers: param.integer({ min: 1, max: 1024 }),
  bytesPerNumber: param.integer({ min: 1, max: 16 }),
  d: param.integer({ min: 1, max: 64 }), // model width (default 8)
  maxCompute: param.integer({ min: 1, max: 1024 }), // largest n computed live (default 512); beyond, only counted
  n: param.integer({ min: 1, max: MAX_N }), // the length shown first (default 64)
  sharpness: param.number({ min: 0, max: 100 }), // W_Q = sharpness·I (default 4)
});
