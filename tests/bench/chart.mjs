// The benchmark table as an SVG bar chart (docs/bench.svg, shown in docs/performance.md):
// one group of bars per row, one bar per column, time on a log scale (shorter is faster).
// docs.mjs writes it (npm run bench, npm run bench:docs). No dependencies: the SVG is written by hand.

// Okabe-Ito colours: told apart with any colour vision; the legend and labels carry the meaning.
const SERIES = [
  { key: 'native', name: 'native C++ (SSE2)', color: '#000000' },
  { key: 'wasm', name: 'wasm, no SIMD', color: '#999999' },
  { key: 'wasmSimd', name: 'wasm SIMD', color: '#0072B2' },
  { key: 'jsApi', name: 'our JS API (wasm SIMD)', color: '#56B4E9' },
  { key: 'tfjsCpu', name: 'TensorFlow.js cpu', color: '#E69F00' },
  { key: 'tfjsWasm', name: 'TensorFlow.js wasm', color: '#D55E00' },
];

const escape = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (us) =>
  us >= 1000 ? `${(us / 1000).toFixed(us >= 10000 ? 0 : 1)} ms` : `${us.toFixed(us < 10 ? 1 : 0)} µs`;

/** SVG text of the chart for a result object as run.mjs writes it. */
export function renderChart(result) {
  const bar = 13;
  const gap = 3;
  const groupGap = 22;
  const left = 190; // row labels
  const plotWidth = 470;
  const right = 70; // value labels
  const top = 54;
  const groupHeight = SERIES.length * (bar + gap);
  const legendRows = Math.ceil(SERIES.length / 3);
  const height = top + result.rows.length * (groupHeight + groupGap) + 24 + legendRows * 18;
  const width = left + plotWidth + right;

  const values = result.rows.flatMap((r) => SERIES.map((s) => r[s.key]));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const x = (us) => left + (Math.log10(us / lo) / Math.log10(hi / lo)) * plotWidth;

  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12" role="img" aria-labelledby="t d">`,
  );
  out.push(`<title id="t">Attention engine benchmark: time per call, log scale, shorter is faster</title>`);
  out.push(
    `<desc id="d">${escape(
      result.rows.map((r) => `${r.label}: ${SERIES.map((s) => `${s.name} ${fmt(r[s.key])}`).join(', ')}`).join('. '),
    )}</desc>`,
  );
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(
    `<text x="${left}" y="20" font-size="14" font-weight="600">Time per call (log scale, shorter is faster)</text>`,
  );
  out.push(
    `<text x="${left}" y="38" fill="#444">${escape(
      `${result.date.slice(0, 10)}, ${result.machine.cores} cores, Node ${result.machine.node}, medians of 9`,
    )}</text>`,
  );

  // Decade grid lines.
  const plotBottom = top + result.rows.length * (groupHeight + groupGap) - groupGap;
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const gx = x(v).toFixed(1);
    out.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${plotBottom + 4}" stroke="#ddd"/>`);
    const tick = v >= 1000 ? `${+(v / 1000).toPrecision(3)} ms` : `${+v.toPrecision(3)} µs`;
    out.push(`<text x="${gx}" y="${plotBottom + 18}" text-anchor="middle" fill="#444">${tick}</text>`);
  }

  result.rows.forEach((r, i) => {
    const gy = top + i * (groupHeight + groupGap);
    out.push(
      `<text x="${left - 10}" y="${gy + groupHeight / 2}" text-anchor="end" dominant-baseline="middle" font-weight="600">${escape(
        r.label,
      )}</text>`,
    );
    SERIES.forEach((s, j) => {
      const y = gy + j * (bar + gap);
      const w = Math.max(1, x(r[s.key]) - left);
      out.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${s.color}"><title>${escape(
          `${s.name}: ${fmt(r[s.key])}`,
        )}</title></rect>`,
      );
      out.push(
        `<text x="${(left + w + 4).toFixed(1)}" y="${y + bar / 2}" dominant-baseline="middle" fill="#222">${fmt(r[s.key])}</text>`,
      );
    });
  });

  const ly = plotBottom + 36;
  SERIES.forEach((s, j) => {
    const lx = left - 150 + (j % 3) * 210;
    const y = ly + Math.floor(j / 3) * 18;
    out.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${s.color}"/>`);
    out.push(`<text x="${lx + 17}" y="${y}" fill="#222">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
