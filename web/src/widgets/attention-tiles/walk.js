// What the tiled computation holds after each of its tiles, read from the engine's trace
// (attentionTiled with trace: true lists every tile in order with the running max m, sum l and
// output O of its query rows after it). Which tile last touched a row is bookkeeping; every
// number is the engine's. No DOM: the widget and its facts share it.

/**
 * The running values of every query row after `step` tiles (0: none yet): one entry per row,
 * null for a row no tile has reached, else { m, l, O, tile } (tile: the index of the tile that
 * last updated it).
 */
export function rowsAfter(tiles, n, step) {
  const rows = Array(n).fill(null);
  for (let t = 0; t < step; t++) {
    const tile = tiles[t];
    for (let i = tile.queryStart; i < tile.queryEnd; i++) {
      const r = i - tile.queryStart;
      rows[i] = { m: tile.max[r], l: tile.sum[r], O: tile.output[r], tile: t };
    }
  }
  return rows;
}

/** The tiles' final O, row by row: what the tiled path returns (its context). */
export const finalOutput = (tiles, n) => rowsAfter(tiles, n, tiles.length).map((r) => r.O);
