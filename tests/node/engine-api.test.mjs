// What a newly declared engine function (wasm/bindings/functions.hpp) still needs besides
// its declaration, each checked here with a message that says what to add: a hand-checked
// Catch2 test that calls its C++ function, and its line in the Engine API list of docs/api.md
// (which is generated from the declarations: the message prints the list to paste). The JS wrapper
// and the native-vs-wasm cases need nothing (api.js, engine_golden.cpp read the table).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { loadAttention } from '../../wasm/js/node.js';
import { leftOut } from '../../scripts/engine-types.mjs';

const repo = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, repo), 'utf8');

// The docs/api.md signature of a declared argument or result.
function argument(type) {
  if (type.kind === 'object') {
    const fields = `{ ${type.fields.map(argument).join(', ')} }`;
    // "= {}" only where the whole object may be left out (feedForward's W1 and W2 may not).
    return type.key === 'spec' || !leftOut(type) ? fields : `${fields} = {}`;
  }
  if (type.kind === 'list') return `${type.key}: [${argument(type.fields[0])}]`;
  if (type.fallback !== undefined) {
    return `${type.key} = ${typeof type.fallback === 'string' ? `'${type.fallback}'` : type.fallback}`;
  }
  return type.optional || type.groupedBy !== undefined ? `${type.key}?` : type.key;
}

function result(type) {
  switch (type.kind) {
    case 'number':
      return type.optional ? 'number or null' : 'number';
    case 'vector':
      return 'array';
    case 'matrix':
      return 'matrix';
    case 'list':
      return `[${result(type.fields[0])}]`;
    default:
      return `{ ${type.fields
        .map((f) => {
          if (f.kind === 'number' && f.optional) return `${f.key} (or null)`;
          const name = f.optional ? `${f.key}?` : f.key;
          return f.kind === 'object' || f.kind === 'list' ? `${name}: ${result(f)}` : name;
        })
        .join(', ')} }`;
  }
}

/** docs/api.md's Engine API lines for every declared function, in declaration order. */
function apiList(functions) {
  return functions
    .map((f) => `attn.${f.name}(${f.args.map(argument).join(', ')})\n  // -> ${result(f.result)}: ${f.summary}`)
    .join('\n');
}

test("docs/api.md's Engine API section lists every declared function as declared", async () => {
  const attn = await loadAttention();
  const doc = read('docs/api.md');
  const start = doc.indexOf('\n## Engine API\n');
  assert.ok(start >= 0, 'docs/api.md has a "## Engine API" section');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  const expected = apiList(attn.functions);
  assert.ok(
    section.includes(expected),
    `docs/api.md's "Engine API" list does not match the declarations in wasm/bindings/functions.hpp; ` +
      `its attn.* lines should read:\n\n${expected}\n`,
  );
  const declared = new Set([...attn.functions.map((f) => f.name), 'createTrainer', 'createTranslator']);
  for (const [, name] of section.matchAll(/attn\.(\w+)\(/g)) {
    assert.ok(declared.has(name), `docs/api.md's "Engine API" shows attn.${name}(), which the engine does not declare`);
  }
});

test('every declared function has a Catch2 test that calls its C++ function', async () => {
  const attn = await loadAttention();
  const dir = new URL('tests/native/', repo);
  // Comments removed, so a mention in a comment does not count as a test.
  const tests = readdirSync(dir)
    .filter((f) => /^test_engine_.*\.cpp$/.test(f))
    .map((f) => readFileSync(new URL(f, dir), 'utf8').replace(/\/\/.*$/gm, ''))
    .join('\n');
  for (const { name, cpp } of attn.functions) {
    assert.ok(
      new RegExp(`\\b${cpp.replace(/:/g, '\\:')}\\(`).test(tests),
      `attn.${name} is declared (wasm/bindings/functions.hpp) to call ${cpp}, but no ` +
        `tests/native/test_engine_*.cpp calls it: add a Catch2 TEST_CASE with hand-checked numbers`,
    );
  }
});

test('every declared C++ function is the one its declaration runs', async () => {
  const attn = await loadAttention();
  const source = read('wasm/bindings/functions.hpp');
  for (const { name, cpp } of attn.functions) {
    const start = source.indexOf(`{"${name}",`);
    const end = source.indexOf('\n      {"', start + 1);
    const entry = source.slice(start, end === -1 ? undefined : end);
    assert.ok(
      entry.includes(`"${cpp}"`) && entry.includes(`${cpp.replace('attn::', '')}(`),
      `attn.${name}'s declaration names ${cpp}, but its run() does not call it`,
    );
  }
});
