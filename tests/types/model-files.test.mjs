// What scripts/model-files.mjs writes from the models' declarations (the types, the declarations
// as data for the widgets, docs/api.md's "Models" section) is what is committed, and every
// declared method's result has the declared shape, so none of them can say other than the C++.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { modelFiles } from '../../scripts/model-files.mjs';
import { loadAttention } from '../../wasm/js/node.js';
import { mismatch } from '../node/model-results.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the files generated from the model declarations are current', async () => {
  const attn = await loadAttention();
  for (const [file, make] of modelFiles(attn)) {
    assert.ok(
      readFileSync(file, 'utf8') === (await make()),
      `${relative(root, file)} is out of date with the models' declarations: run ` +
        '"node scripts/model-files.mjs" after "npm run build:wasm" and commit the file',
    );
  }
});

// A method only some option values allow: the option it needs, and what it says without it (as
// tests/native/test_train_declarations.cpp). The induction task has no grammar to judge by.
const NEEDS = { 'LanguageModel.grammatical': { options: { task: 'sentences' }, refusal: /has no grammar/ } };

test('every declared method returns what its declaration says, for every model', async () => {
  const attn = await loadAttention();
  for (const model of attn.models) {
    const session = attn[`create${model.name}`]();
    session.step(3);
    for (const method of model.methods) {
      const args = method.params.map((p) => (p.kind === 'text' || p.kind === 'tokens' ? p.example : undefined));
      const needs = NEEDS[`${model.name}.${method.name}`];
      let value;
      if (needs) {
        assert.throws(() => session[method.name](...args), needs.refusal);
        const other = attn[`create${model.name}`](needs.options);
        value = other[method.name](...args);
        other.dispose();
      } else value = session[method.name](...args);
      const problem = mismatch(method.result, value, `${model.name}.${method.name}()`);
      assert.equal(problem, null, problem ?? '');
    }
    const options = session.options();
    assert.deepEqual(
      Object.keys(options),
      model.options.map((o) => o.key),
      `${model.name}.options() lists every declared option`,
    );
    for (const o of model.options) assert.equal(options[o.key], o.default, `${model.name} ${o.key}'s default`);
    session.dispose();
  }
});
