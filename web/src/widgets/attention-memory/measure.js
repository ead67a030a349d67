// The memory both attention paths hold at their peak, measured by the engine's own count of its
// bytes (attn.attentionMemory, which runs selfAttention and attentionTiled through
// attn.measurePeak). The input: X the positional encodings of n positions at width d and every
// W the d x d encodings, engine-made numbers of the right shapes (what is held depends on the
// shapes alone). No DOM: the widget, its facts and its browser test ask the same, and the lesson's
// prediction asks attentionMemory for the same input.

/** One length: { n, plainBytes, tiledBytes, ratio }. */
export function measure(engine, n, d, blockSize) {
  const W = engine.positionalEncoding(d, d);
  const m = engine.attentionMemory({ X: engine.positionalEncoding(n, d), Wq: W, Wk: W, Wv: W, blockSize });
  return { n, ...m };
}

/** Every length of the list. */
export const measureAll = (engine, lengths, d, blockSize) => lengths.map((n) => measure(engine, n, d, blockSize));

const count = new Intl.NumberFormat('en-US');

/** Bytes in the units people read (1 kB = 1,000 bytes), three significant digits. */
export function bytes(b) {
  const units = ['bytes', 'kB', 'MB', 'GB'];
  let i = 0;
  while (b >= 1000 && i < units.length - 1) {
    b /= 1000;
    i += 1;
  }
  return i === 0 ? `${count.format(b)} bytes` : `${b.toPrecision(3)} ${units[i]}`;
}
