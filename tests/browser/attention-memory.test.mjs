// Lesson 13's attention-memory widget in a real browser: the page's own engine (engine.wasm)
// measures the same peaks as the full module does in Node, for the widths the prose cites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAttention } from '../../wasm/js/node.js';
import { measure, bytes } from '../../web/src/widgets/attention-memory/measure.js';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget('#/attention-at-scale', '.widget-attention-memory');

test('the peaks the page measures are those Node measures, at widths 64 and 4', async () => {
  const engine = await loadAttention();
  for (const d of [64, 4]) {
    await ctx.w.getByLabel('Width of the queries, keys and values (d)').selectOption(String(d));
    const last = (await ctx.w.locator('.memory-table tbody tr').last().locator('th, td').allTextContents()).slice(0, 3);
    const m = measure(engine, 1024, d, 64);
    assert.deepEqual(last, ['1,024', bytes(m.plainBytes), bytes(m.tiledBytes)], `width ${d}`);
  }
  await ctx.w.getByLabel('Width of the queries, keys and values (d)').selectOption('64');
});
