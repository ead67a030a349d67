// The benchmark's checked-in outputs, docs/bench.svg and the table in docs/performance.md, are
// drawn from tests/bench/results/latest.json (tests/bench/docs.mjs): redrawn here in memory, they
// must equal the committed files, so a re-run benchmark or a changed chart is never half-applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CHART, PERFORMANCE, benchDocs, renderTable, withTable } from '../bench/docs.mjs';

const result = JSON.parse(readFileSync(new URL('../bench/results/latest.json', import.meta.url), 'utf8'));

test('docs/bench.svg is the chart of tests/bench/results/latest.json', () => {
  assert.ok(
    readFileSync(CHART, 'utf8') === benchDocs(result).chart,
    'docs/bench.svg is stale against tests/bench/results/latest.json: run npm run bench:docs',
  );
});

test("docs/performance.md's table is the table of tests/bench/results/latest.json", () => {
  assert.ok(
    readFileSync(PERFORMANCE, 'utf8') === benchDocs(result).performance,
    'the table in docs/performance.md is stale against tests/bench/results/latest.json: run npm run bench:docs',
  );
});

test('the table has one row per measured row and every column of each', () => {
  const table = renderTable(result);
  const rows = table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| per call') && !l.startsWith('| ---'));
  assert.deepEqual(
    rows.map((l) => l.split(' | ')[0].slice(2)),
    result.rows.map((r) => r.label),
  );
  for (const row of rows) assert.equal(row.split(' | ').length, 11, row);
  assert.doesNotMatch(table, /NaN|undefined/);
});

test('a document without the marker lines is refused, naming them', () => {
  assert.throws(() => withTable('# Performance\n', result), /<!-- generated:bench-table -->/);
});
