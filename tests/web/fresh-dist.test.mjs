// npm run test:browser tests dist/ only when it is newer than every source (tests/browser/fresh-dist.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { staleBecause } from '../browser/fresh-dist.mjs';

test('a dist/ with a page or single file older than any source, or missing, is stale; one newer than all is not', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attn-fresh-'));
  const touch = (file, seconds) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
    fs.utimesSync(path.join(root, file), seconds, seconds);
  };
  const sources = ['web', 'content', 'build/wasm'];
  try {
    touch('web/src/widgets/softmax.js', 1000);
    touch('content/lessons/01-context.md', 1000);
    assert.equal(staleBecause({ root, sources }), 'dist/index.html does not exist');
    touch('dist/index.html', 2000);
    assert.equal(staleBecause({ root, sources }), 'dist/self-attention-live.html does not exist');
    touch('dist/self-attention-live.html', 500); // the single file, older than every source
    assert.equal(staleBecause({ root, sources }), 'web/src/widgets/softmax.js changed after dist/ was built');
    touch('dist/self-attention-live.html', 2000);
    assert.equal(staleBecause({ root, sources }), null);
    touch('content/lessons/01-context.md', 3000);
    assert.equal(staleBecause({ root, sources }), 'content/lessons/01-context.md changed after dist/ was built');
    touch('dist/index.html', 4000);
    touch('dist/self-attention-live.html', 4000);
    touch('build/wasm/engine.wasm', 5000);
    assert.equal(staleBecause({ root, sources }), 'build/wasm/engine.wasm changed after dist/ was built');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
