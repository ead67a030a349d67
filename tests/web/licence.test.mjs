// The project's licences are named where a reader meets them: package.json (SPDX), the page footer
// (the normal and the single-file build share web/index.html), and dist/LICENSE.txt, which the
// build assembles from LICENSE and content/LICENSE, or the single file's footer, which holds it
// (the browser tests check the built pages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LICENCE_FILE, projectLicence } from '../../web/plugins/licence.js';
import { inlineNotices, NOTICE_FILE } from '../../web/plugins/inline-notices.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const read = (file) => fs.readFileSync(`${repo}${file}`, 'utf8');

test('package.json names both licences as an SPDX expression', () => {
  assert.equal(JSON.parse(read('package.json')).license, 'MIT AND CC-BY-4.0');
});

test('LICENSE is MIT for the code, content/LICENSE CC BY 4.0 for the lessons and figures', () => {
  assert.match(read('LICENSE'), /^MIT License\n/);
  const content = read('content/LICENSE');
  assert.match(content, /Creative Commons Attribution 4\.0 International licence \(CC BY 4\.0\)/);
  assert.match(content, /^Attribution 4\.0 International$/m, 'with the legal code');
});

test("the page footer names the licences and links to the build's LICENSE.txt", () => {
  const footer = /<footer class="site-footer">([\s\S]*?)<\/footer>/.exec(read('web/index.html'))?.[1] ?? '';
  assert.match(footer.replace(/\s+/g, ' '), /Code under the MIT licence; lesson text and figures under CC BY 4\.0/);
  assert.match(footer, new RegExp(`<a href="\\./${LICENCE_FILE.replace('.', '\\.')}">`));
});

test('the build writes LICENSE.txt from both files, so it cannot drift from them', () => {
  const emitted = [];
  projectLicence({ repo }).generateBundle.call({ emitFile: (f) => emitted.push(f) });
  assert.equal(emitted.length, 1);
  assert.equal(emitted[0].fileName, LICENCE_FILE);
  assert.ok(emitted[0].source.includes(read('LICENSE').trim()), 'the MIT text');
  assert.ok(emitted[0].source.includes(read('content/LICENSE').trim()), 'the CC BY text');
});

test("the single file's footer holds the texts its links name, escaped, and the build fails on a link it cannot carry", () => {
  const build = (html, modules = []) => {
    const page = { fileName: 'self-attention-live.html', source: html };
    const context = {
      getModuleIds: () => modules,
      error: (message) => {
        throw new Error(message);
      },
    };
    inlineNotices({ repo, native: [] }).generateBundle.call(context, {}, { [page.fileName]: page });
    return page.source;
  };
  const katex = `${repo}node_modules/katex/dist/katex.mjs`;
  const html = build(read('web/index.html'), [katex]);
  assert.doesNotMatch(html, /href="\.\/(LICENSE|THIRD-PARTY-NOTICES)\.txt"/);
  const texts = Object.fromEntries(
    [
      ...html.matchAll(
        /<details class="notice-text" data-notice="([^"]+)"><summary>[^<]+<\/summary><pre[^>]*>([^<]*)<\/pre>/g,
      ),
    ].map((m) => [m[1], m[2]]),
  );
  assert.deepEqual(Object.keys(texts), [LICENCE_FILE, NOTICE_FILE]);
  assert.ok(texts[LICENCE_FILE].includes(read('LICENSE').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;')));
  assert.match(texts[NOTICE_FILE], /^-{78}\nkatex \d+\.\d+\.\d+ \(MIT\)$/m);
  assert.match(html, /<p class="site-licence">Code under the MIT licence;[^<]*<\/p>/);
  assert.throws(
    () => build('<footer><p class="site-licence">Licences: <a href="./COPYING.txt">text</a></p></footer>'),
    /links to COPYING\.txt/,
  );
});
