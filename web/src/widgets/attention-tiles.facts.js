// The numbers lesson 13's prose states about its tiled example, computed by the engine for a
// fence's config (no DOM): the plain path's context (selfAttention, lesson 5's), and for each
// example (examples.<i>, 0 the fence's own X) and block size b from 1 to n (blocks.<b>): the
// tiles' count, every tile's running values (tiles.<t>.max / sum / output, as the engine traces
// them) and maxDifference, the largest difference between the tiles' final O and the plain
// context. tests/node/claims.test.mjs checks the fence's "claims" against these.
import { finalOutput } from './attention-tiles/walk.js';

function exampleFacts(engine, config, X) {
  const spec = { X, Wq: config.Wq, Wk: config.Wk, Wv: config.Wv };
  const plain = engine.selfAttention(spec);
  const blocks = {};
  for (let b = 1; b <= X.length; b++) {
    const { tiles } = engine.attentionTiled({ ...spec, blockSize: b, trace: true });
    const O = finalOutput(tiles, X.length);
    const maxDifference = Math.max(...O.flatMap((row, i) => row.map((x, j) => Math.abs(x - plain.context[i][j]))));
    blocks[b] = { count: tiles.length, tiles, maxDifference };
  }
  return { context: plain.context, scores: plain.scores, blocks };
}

export default function facts(engine, config) {
  return {
    examples: [config.X, ...(config.examples ?? []).map((e) => e.X)].map((X) => exampleFacts(engine, config, X)),
  };
}
