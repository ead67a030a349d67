// The benchmark's checked-in outputs, both drawn from tests/bench/results/latest.json: the chart
// (docs/bench.svg, chart.mjs) and the table in docs/performance.md (between the marker lines
// below). npm run bench writes them after a run; after editing this file, chart.mjs or the JSON:
//   npm run bench:docs
// tests/node/bench-docs.test.mjs fails when either is stale against the JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart.mjs';

export const RESULTS = new URL('./results/latest.json', import.meta.url);
export const CHART = new URL('../../docs/bench.svg', import.meta.url);
export const PERFORMANCE = new URL('../../docs/performance.md', import.meta.url);
const OPEN = '<!-- generated:bench-table -->';
const CLOSE = '<!-- /generated:bench-table -->';

const time = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us < 10 ? 2 : 1)} us`);
const ratio = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}x`;

/** The Markdown table (and its one-line context) for a result as run.mjs writes it. */
export function renderTable(result) {
  const columns = [
    ['native', (r) => time(r.native)],
    ['wasm (plain)', (r) => time(r.wasm)],
    ['wasm SIMD', (r) => time(r.wasmSimd)],
    ['JS API', (r) => time(r.jsApi)],
    ['API / wasm', (r) => ratio(r.apiOverWasm)],
    ['TF.js cpu', (r) => time(r.tfjsCpu)],
    ['TF.js wasm', (r) => time(r.tfjsWasm)],
    ['SIMD / native', (r) => ratio(r.simdVsNative)],
    ['ours vs TF.js cpu', (r) => ratio(r.speedupVsTfjsCpu)],
    ['ours vs TF.js wasm', (r) => ratio(r.speedupVsTfjsWasm)],
  ];
  const m = result.machine;
  const g = result.gemm64Gflops;
  return [
    `Measured ${result.date.slice(0, 10)} by \`npm run bench\`: ${m.cores} cores (${m.cpu}), Node ${m.node}, ` +
      `load average ${m.loadBefore[0]} -> ${m.loadAfter[0]}, ${result.unit}.`,
    '',
    `| per call | ${columns.map(([name]) => name).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...result.rows.map((r) => `| ${r.label} | ${columns.map(([, cell]) => cell(r)).join(' | ')} |`),
    '',
    `64 x 64 matrix product: ${g.native.toFixed(1)} GFLOP/s native, ${g.wasm.toFixed(1)} plain wasm, ` +
      `${g.wasmSimd.toFixed(1)} wasm SIMD.`,
  ].join('\n');
}

/** docs/performance.md's text with the block between the markers replaced by the table. */
export function withTable(doc, result) {
  const start = doc.indexOf(OPEN);
  const end = doc.indexOf(CLOSE);
  if (start === -1 || end < start) throw new Error(`docs/performance.md has no ${OPEN} ... ${CLOSE} block`);
  return `${doc.slice(0, start + OPEN.length)}\n${renderTable(result)}\n${doc.slice(end)}`;
}

/** { chart, performance }: what the two files should hold for the JSON as it is now. */
export function benchDocs(result = JSON.parse(readFileSync(RESULTS, 'utf8'))) {
  return { chart: renderChart(result), performance: withTable(readFileSync(PERFORMANCE, 'utf8'), result) };
}

export function writeBenchDocs(result) {
  const { chart, performance } = benchDocs(result);
  writeFileSync(CHART, chart);
  writeFileSync(PERFORMANCE, performance);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeBenchDocs();
  console.log(`wrote ${fileURLToPath(CHART)} and the table in ${fileURLToPath(PERFORMANCE)}`);
}
