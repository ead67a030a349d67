// Native and wasm builds of the engine agree: every seeded random case printed by the
// native program build/native/tests/native/engine_golden (built by `npm run test:native`,
// which `npm test` runs first), generated from each declared function's types, is replayed
// through the JS API and must match to 1e-12, or fail with the same message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';

const golden = fileURLToPath(new URL('../../build/native/tests/native/engine_golden', import.meta.url));
const tolerance = 1e-12;

// JSON has no infinities; the native side writes masked scores as "-Infinity".
const revive = (key, value) => (value === '-Infinity' ? -Infinity : value === 'Infinity' ? Infinity : value);

function assertClose(actual, expected, path) {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number, got ${actual}`);
    if (!Number.isFinite(expected)) return assert.equal(actual, expected, path);
    const scale = Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${path}: wasm ${actual} vs native ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertClose(actual[key], expected[key], `${path}.${key}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

test('wasm matches native on seeded random cases of every declared function', async () => {
  assert.ok(existsSync(golden), `${golden} is missing: run "npm run test:native" first (npm test does)`);
  const { functions, cases } = JSON.parse(execFileSync(golden, { encoding: 'utf8' }), revive);
  const attn = await loadAttention();
  assert.deepEqual(
    functions,
    attn.functions.map((f) => f.name),
    'the native program and the wasm module declare different functions: rebuild both (npm run build:native, npm run build:wasm)',
  );
  const succeeded = new Set();
  cases.forEach(({ fn, args, result, error }, i) => {
    if (error !== undefined) {
      assert.throws(() => attn[fn](...args), { message: error }, `case ${i} ${fn}`);
    } else {
      assertClose(attn[fn](...args), result, `case ${i} ${fn}`);
      succeeded.add(fn);
    }
  });
  for (const { name } of attn.functions) {
    assert.ok(
      succeeded.has(name),
      `every generated case of ${name} fails natively: give its sizes or values in wasm/bindings/functions.hpp ranges that fit`,
    );
  }
});
