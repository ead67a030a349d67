// Lesson 12's phase change (web/src/models/phase-change.js) on hand-made grids: where it is said,
// that it is not said early, and that it never moves once said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phaseChange, level } from '../../web/src/models/phase-change.js';

const chance = 1 / 26;
const grid = (accs, every = 25) => accs.map((copyAccuracy, i) => ({ step: i * every, copyAccuracy, chance }));

test('half-way from chance to a perfect copy, by hand', () => {
  // 1/26 + (1 - 1/26) / 2 = 0.5 + 1/52 = 0.519231
  assert.ok(Math.abs(level(chance, 0.5) - 0.519231) < 1e-6);
  assert.ok(Math.abs(level(chance, 0.1) - 0.134615) < 1e-6); // 1/26 + 0.1 * 25/26
  assert.ok(Math.abs(level(chance, 0.9) - 0.903846) < 1e-6); // 1/26 + 0.9 * 25/26
});

test('the first step past half-way, with the plateau before it and the climb after', () => {
  const g = grid([0.04, 0.05, 0.04, 0.06, 0.13, 0.3, 0.52, 0.8, 0.91, 0.97]);
  const p = phaseChange(g);
  assert.equal(p.step, 150); // 0.52 >= 0.519231, 0.3 is not
  assert.equal(p.copyAccuracy, 0.52);
  assert.equal(p.plateauEnd, 100); // 0.13 < 0.1346: still the plateau
  assert.equal(p.riseEnd, 200); // 0.91 >= 0.9038; 0.8 is not
});

test('not said before copy accuracy is half-way, however steep the climb so far', () => {
  assert.equal(phaseChange(grid([0.04, 0.04, 0.2, 0.45, 0.519])), null); // 0.519 < 0.519231
  assert.equal(phaseChange([]), null);
});

test('said once and kept: later entries, a dip included, do not move it', () => {
  const early = phaseChange(grid([0.04, 0.6, 0.7]));
  const later = phaseChange(grid([0.04, 0.6, 0.7, 0.3, 0.95, 0.99]));
  assert.equal(early.step, 25);
  assert.equal(later.step, 25);
  assert.equal(early.riseEnd, null); // nothing past nine tenths yet
  assert.equal(later.riseEnd, 100);
  assert.equal(later.plateauEnd, 0);
});

test('an entry without figures (a loaded file, a partial grid) is skipped, never read as 0', () => {
  const g = [
    { step: 0, copyAccuracy: 0.04, chance },
    { step: 25, copyAccuracy: NaN, chance },
    { step: 50 },
    { step: 75, copyAccuracy: 0.6, chance },
  ];
  assert.deepEqual(phaseChange(g), {
    step: 75,
    copyAccuracy: 0.6,
    threshold: level(chance, 0.5),
    plateauEnd: 0,
    riseEnd: null,
  });
});

test('a run past half-way from its first entry has no plateau to name', () => {
  assert.equal(phaseChange(grid([0.7, 0.95])).plateauEnd, null);
});
