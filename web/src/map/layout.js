// Where each block of content/transformer-map.json is drawn, in SVG user units. Plain data with no
// DOM, so the content plugin can check the map data against it and draw the lessons' thumbnails
// at build time, while the interactive map draws from the same numbers in the browser.
// The encoder stands on the left, the decoder on the right, both read from the bottom up, as in
// the original paper's figure.

export const VIEW = { width: 700, height: 625 };

const ENC = 110; // left edge of the encoder column
const DEC = 390; // left edge of the decoder column
const W = 200;
export const CENTER = { enc: ENC + W / 2, dec: DEC + W / 2 };

/** id -> [x, y, width, height, kind]; kind picks the fill (see transformer-map.css). */
export const BOXES = {
  'enc-embed': [ENC, 540, W, 28, 'embed'],
  'enc-pos': [4, 494, 80, 32, 'pos'],
  'enc-attn': [ENC, 412, W, 60, 'attn'],
  'enc-qkv': [ENC + 8, 446, 58, 20, 'chip'],
  'enc-scores': [ENC + 72, 446, 58, 20, 'chip'],
  'enc-softmax': [ENC + 136, 446, 56, 20, 'chip'],
  'enc-norm1': [ENC, 376, W, 24, 'norm'],
  'enc-ffn': [ENC, 326, W, 34, 'ffn'],
  'enc-norm2': [ENC, 286, W, 24, 'norm'],
  'enc-stack': [92, 252, 112, 20, 'stack'],
  'dec-embed': [DEC, 540, W, 28, 'embed'],
  'dec-pos': [616, 494, 80, 32, 'pos'],
  'dec-masked': [DEC, 432, W, 40, 'attn'],
  'dec-norm1': [DEC, 392, W, 24, 'norm'],
  'dec-cross': [DEC, 336, W, 34, 'attn'],
  'dec-norm2': [DEC, 296, W, 24, 'norm'],
  'dec-ffn': [DEC, 246, W, 34, 'ffn'],
  'dec-norm3': [DEC, 206, W, 24, 'norm'],
  'dec-stack': [372, 172, 112, 20, 'stack'],
  'out-linear': [DEC, 126, W, 28, 'out'],
  'out-softmax': [DEC, 78, W, 28, 'out'],
  loss: [DEC, 16, W, 40, 'loss'],
};

/** The box that holds `id` (multi-head attention holds Q K V, scores, softmax), or null. */
export function containerOf(id) {
  const [x, y, w, h] = BOXES[id];
  const holder = Object.entries(BOXES).find(
    ([o, [ox, oy, ow, oh]]) => o !== id && x >= ox && y >= oy && x + w <= ox + ow && y + h <= oy + oh,
  );
  return holder ? holder[0] : null;
}

/** The two "N x" frames, [x, y, width, height]: one encoder layer, one decoder layer. */
export const FRAMES = [
  [92, 272, 236, 214],
  [372, 192, 236, 294],
];

/** Where the learner reads "N x" beside each frame: [x, y, text-anchor]. */
export const REPEATS = [
  [86, 384, 'end'],
  [614, 344, 'start'],
];

/** The ⊕ where positional encodings are added: [cx, cy]. */
export const ADDERS = [
  [CENTER.enc, 510],
  [CENTER.dec, 510],
];

const up = (x, from, to) => `M${x} ${from}V${to}`;

/** The main stream, bottom to top, drawn with arrowheads. */
export const FLOW = [
  up(CENTER.enc, 582, 568),
  up(CENTER.enc, 540, 520),
  up(CENTER.enc, 500, 472),
  up(CENTER.enc, 412, 400),
  up(CENTER.enc, 376, 360),
  up(CENTER.enc, 326, 310),
  up(CENTER.dec, 582, 568),
  up(CENTER.dec, 540, 520),
  up(CENTER.dec, 500, 472),
  up(CENTER.dec, 432, 416),
  up(CENTER.dec, 392, 370),
  up(CENTER.dec, 336, 320),
  up(CENTER.dec, 296, 280),
  up(CENTER.dec, 246, 230),
  up(CENTER.dec, 206, 154),
  up(CENTER.dec, 126, 106),
  up(CENTER.dec, 78, 56),
  'M84 510H200',
  'M616 510H500',
];

/** Residual connections: around each sublayer into its Add & Norm. */
export const RESIDUALS = [
  `M${CENTER.enc} 484H100V388H${ENC}`,
  `M${CENTER.enc} 368H100V298H${ENC}`,
  `M${CENTER.dec} 484H600V404H${DEC + W}`,
  `M${CENTER.dec} 381H600V308H${DEC + W}`,
  `M${CENTER.dec} 288H600V218H${DEC + W}`,
];

/** The encoder's output, fed to the cross-attention of every decoder layer. */
export const CROSS = `M${CENTER.enc} 286V244H350V353H${DEC}`;
export const CROSS_LABEL = { x: 280, y: [222, 236] };

/** The sentence under each stack: [x, y] of its first line. */
export const FEET = { enc: [CENTER.enc, 598], dec: [CENTER.dec, 598] };

/**
 * A thumbnail of the map as an SVG string, with the blocks in `highlight` filled: built at build
 * time into each lesson, so the lesson header shows where it sits without loading the full map.
 */
export function thumbnailSvg(highlight) {
  const on = new Set(highlight);
  const rect = ([x, y, w, h], cls) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" class="${cls}"/>`;
  const frames = FRAMES.map((f) => rect(f, 'f')).join('');
  const boxes = Object.entries(BOXES)
    .map(([id, box]) => rect(box, on.has(id) ? 'b on' : 'b'))
    .join('');
  return (
    `<svg class="map-thumb" viewBox="0 0 ${VIEW.width} ${VIEW.height}" aria-hidden="true" focusable="false">` +
    `${frames}<path class="x" d="${CROSS}"/>${boxes}</svg>`
  );
}
