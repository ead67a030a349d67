// Draws the site's icons (web/public/icons/icon-{192,512,maskable-512}.png, committed): a 4 x 4
// attention map, each row's weights in shades of the site's accent blue, on a light square.
// Run again only when the design changes: node scripts/make-icons.mjs (tests/web/icons.test.mjs
// fails, naming this command, when the committed files differ from what it draws).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

// Rows of attention weights (each row sums to 1), darkest where a word attends most.
const WEIGHTS = [
  [0.7, 0.1, 0.1, 0.1],
  [0.2, 0.5, 0.2, 0.1],
  [0.1, 0.6, 0.2, 0.1],
  [0.1, 0.1, 0.2, 0.6],
];
const BG = [251, 250, 247];
const LIGHT = [231, 238, 248];
const DARK = [31, 95, 168];

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// margin: the share of the side left empty around the grid (maskable icons need a safe zone).
function icon(size, margin) {
  const rows = Buffer.alloc(size * (1 + size * 3));
  const inner = size * (1 - 2 * margin);
  const cell = inner / 4;
  const gap = cell * 0.08;
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 3)] = 0;
    for (let x = 0; x < size; x++) {
      let rgb = BG;
      const gx = (x - size * margin) / cell;
      const gy = (y - size * margin) / cell;
      const i = Math.floor(gy);
      const j = Math.floor(gx);
      if (i >= 0 && i < 4 && j >= 0 && j < 4) {
        const inCell = (gx - j) * cell > gap && (j + 1 - gx) * cell > gap;
        const inRow = (gy - i) * cell > gap && (i + 1 - gy) * cell > gap;
        if (inCell && inRow) {
          const t = Math.min(1, WEIGHTS[i][j] / 0.7);
          rgb = LIGHT.map((l, k) => Math.round(l + (DARK[k] - l) * t));
        }
      }
      rows.set(rgb, y * (1 + size * 3) + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ICON_DIR = new URL('../web/public/icons/', import.meta.url);

/** { file name: PNG bytes } of every icon, as this script draws them. */
export function icons() {
  return {
    'icon-192.png': icon(192, 0.08),
    'icon-512.png': icon(512, 0.08),
    'icon-maskable-512.png': icon(512, 0.2),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(ICON_DIR, { recursive: true });
  for (const [name, png] of Object.entries(icons())) fs.writeFileSync(new URL(name, ICON_DIR), png);
}
