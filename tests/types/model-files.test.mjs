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

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the files generated from the model declarations are current', async () => {
  const attn = await loadAttention();
  for (const [file, make] of modelFiles(attn.models)) {
    assert.ok(
      readFileSync(file, 'utf8') === (await make()),
      `${relative(root, file)} is out of date with the models' declarations: run ` +
        '"node scripts/model-files.mjs" after "npm run build:wasm" and commit the file',
    );
  }
});

// Whether a JS value has the declared shape; a path for the message when it has not.
function mismatch(field, value, path) {
  const kinds = {
    number: () => typeof value === 'number',
    boolean: () => typeof value === 'boolean',
    text: () => typeof value === 'string',
    texts: () => Array.isArray(value) && value.every((v) => typeof v === 'string'),
    numbers: () => Array.isArray(value) && value.every((v) => typeof v === 'number'),
    tensor: () => {
      let level = value;
      for (let d = 0; d < field.dims.split(' x ').length; d++) {
        if (!Array.isArray(level)) return false;
        level = level[0] ?? (d === field.dims.split(' x ').length - 1 ? 0 : []);
      }
      return typeof level === 'number';
    },
    record: () => value !== null && typeof value === 'object' && !Array.isArray(value),
    records: () => Array.isArray(value),
  };
  if (!kinds[field.kind]()) return `${path} is not ${field.kind}`;
  if (field.kind === 'record') {
    const extra = Object.keys(value).filter((k) => !field.fields.some((f) => f.key === k));
    if (extra.length) return `${path} has undeclared fields ${extra.join(', ')}`;
    for (const f of field.fields) {
      const m = mismatch(f, value[f.key], `${path}.${f.key}`);
      if (m) return m;
    }
  }
  if (field.kind === 'records') {
    for (const [i, v] of value.entries()) {
      const m = mismatch({ kind: 'record', fields: field.fields }, v, `${path}[${i}]`);
      if (m) return m;
    }
  }
  return null;
}

// A sentence each model's text methods accept: one of its own samples or examples.
const SENTENCES = { Trainer: 'the old cars are fast', Translator: 'the boy eats an apple' };

test('every declared method returns what its declaration says, for every model', async () => {
  const attn = await loadAttention();
  for (const model of attn.models) {
    assert.ok(SENTENCES[model.name], `give tests/types/model-files.test.mjs a sentence ${model.name} accepts`);
    const session = attn[`create${model.name}`]();
    session.step(3);
    for (const method of model.methods) {
      const value = session[method.name](method.param.kind === 'text' ? SENTENCES[model.name] : undefined);
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
