// The package's TypeScript types: the engine part is what scripts/engine-types.mjs writes from
// the declarations now (the models' part: model-files.test.mjs), and tsc (strict) accepts the
// docs/api.md-style examples and rejects every deliberately wrong call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

import { engineTypes, typesFile } from '../../scripts/engine-types.mjs';
import { loadAttention } from '../../wasm/js/node.js';

const here = new URL('./', import.meta.url);
const read = (url) => readFileSync(url, 'utf8');

test('engine-functions.d.ts is generated from the current declarations', async () => {
  const attn = await loadAttention();
  const committed = read(typesFile);
  const fresh = await engineTypes(attn.functions);
  if (committed === fresh) return;
  // Name the functions whose lines differ, so the message says what changed.
  const signature = (text, name) => text.split('\n').find((line) => line.trimStart().startsWith(`${name}(`));
  const changed = attn.functions
    .map((f) => f.name)
    .filter((name) => signature(committed, name) !== signature(fresh, name));
  assert.fail(
    `wasm/js/engine-functions.d.ts is out of date with wasm/bindings/functions.hpp` +
      (changed.length ? ` (functions ${changed.join(', ')})` : '') +
      ': run "node scripts/engine-types.mjs" after "npm run build:wasm" and commit the file',
  );
});

// typescript's "exports" hide bin/; its package.json is exported and sits beside it.
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

for (const config of ['tsconfig.json', 'tsconfig.browser.json']) {
  test(`tsc --noEmit -p tests/types/${config}: the examples compile and every wrong call is an error`, () => {
    const run = spawnSync(process.execPath, [tsc, '-p', new URL(config, here).pathname, '--pretty', 'false'], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
  });
}
