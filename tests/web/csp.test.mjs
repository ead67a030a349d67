// The Content-Security-Policy is declared once (web/csp.js); here, without a browser: the policy
// the build writes into a page, the single file's, the headers for hosts, and docs/hosting.md's
// quote of those headers. tests/browser/csp.test.mjs checks the built site under them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { HOST_HEADERS, PAGE_CSP, PAGE_POLICY, parsePolicy, singleFilePolicy } from '../../web/csp.js';
import { contentPlugin } from '../../web/plugins/content-plugin.js';

const read = (file) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

test("the page's policy: WebAssembly but no eval, no inline script, nothing off the origin", () => {
  const p = parsePolicy(PAGE_CSP);
  assert.deepEqual(p['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.doesNotMatch(PAGE_CSP, /'unsafe-eval'/);
  assert.deepEqual(p['default-src'], ["'self'"]);
  assert.deepEqual(p['connect-src'], ["'self'"]);
  assert.deepEqual(p['object-src'], ["'none'"]);
  for (const sources of Object.values(p)) {
    for (const s of sources) assert.match(s, /^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|data:|blob:)$/, s);
  }
});

test('the build writes the policy into every page after <meta charset>, and refuses a page without one', () => {
  const plugin = contentPlugin({ contentDir: '/nonexistent' });
  const page = '<head>\n    <meta charset="utf-8" />\n    <title>t</title>';
  const built = plugin.transformIndexHtml(page, { filename: 'index.html' });
  assert.equal(
    built,
    `<head>\n    <meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}" />\n    <title>t</title>`,
  );
  assert.equal(plugin.transformIndexHtml(page, { filename: 'index.html', server: {} }), page, 'not in dev');
  assert.throws(() => plugin.transformIndexHtml('<head></head>', { filename: 'embed.html' }), /embed\.html: no <meta/);
});

test("the hosts' headers repeat the page's policy and add what a <meta> policy cannot say", () => {
  const header = parsePolicy(HOST_HEADERS['Content-Security-Policy']);
  for (const [name, ...sources] of PAGE_POLICY) assert.deepEqual(header[name], sources, name);
  assert.deepEqual(header['frame-ancestors'], ["'none'"]);
  assert.deepEqual(header['form-action'], ["'none'"]);
  assert.equal(HOST_HEADERS['X-Content-Type-Options'], 'nosniff');
});

test("the single file's policy: its script by hash, fonts as data:, nothing to connect to", () => {
  const p = parsePolicy(singleFilePolicy(['AbC+/=', 'xyz=']));
  assert.deepEqual(p['script-src'], ["'sha256-AbC+/='", "'sha256-xyz='", "'wasm-unsafe-eval'"]);
  assert.deepEqual(p['font-src'], ['data:']);
  assert.deepEqual(p['connect-src'], ["'none'"]);
  const page = parsePolicy(PAGE_CSP);
  for (const name of Object.keys(page)) {
    if (!['script-src', 'font-src', 'connect-src'].includes(name)) assert.deepEqual(p[name], page[name], name);
  }
});

test("docs/hosting.md quotes web/csp.js's headers exactly", () => {
  const doc = read('docs/hosting.md');
  const quoted = /```http\n([\s\S]*?)\n```/.exec(doc)?.[1];
  const expected = Object.entries(HOST_HEADERS)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  assert.equal(
    quoted,
    expected,
    "docs/hosting.md's ```http block differs from HOST_HEADERS in web/csp.js: paste these lines into it",
  );
});
