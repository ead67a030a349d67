// What ships is declared: the built site carries THIRD-PARTY-NOTICES.txt with every piece of
// other people's software a learner's browser receives and its licence, and every npm package
// in it is in the production dependency tree, the one `npm audit --omit=dev` checks. (No
// browser needed; it lives here because it reads dist/, which the browser suites need built.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir } from './helpers.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const noticeFile = path.join(distDir, 'THIRD-PARTY-NOTICES.txt');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The notice's entries: { title, license, text } per section. */
function entries() {
  return fs
    .readFileSync(noticeFile, 'utf8')
    .split(/^-{78}$/m)
    .slice(1)
    .map((section) => {
      const [, title, license] = /^\n(.+) \((.+)\)$/m.exec(section);
      return { title, license, text: section };
    });
}

test('dist/ carries a third-party notice, linked from every page', () => {
  assert.ok(fs.existsSync(noticeFile), `${noticeFile} is missing: run "npm run build" first`);
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  assert.match(html, /<a href="\.\/THIRD-PARTY-NOTICES\.txt">/);
});

test('the notice names each shipped npm package with its version and licence text', () => {
  const shipped = entries();
  const byName = new Map(shipped.map((e) => [e.title.split(' ')[0], e]));
  const declared = Object.keys(readJson(path.join(repo, 'package.json')).dependencies);
  assert.ok(declared.length > 0, 'package.json lists what ships under "dependencies"');
  for (const name of declared) {
    const pkg = readJson(path.join(repo, 'node_modules', name, 'package.json'));
    const entry = byName.get(name);
    assert.ok(entry, `${name} is named`);
    assert.equal(entry.title, `${name} ${pkg.version}`);
    assert.equal(entry.license, pkg.license);
    assert.match(entry.text, /Permission is hereby granted|Licensed under|Mozilla Public License/);
  }
  // The files of each that reach the browser, seen in dist/ itself.
  const assets = fs.readdirSync(path.join(distDir, 'assets'));
  assert.ok(assets.some((f) => /^KaTeX_.*\.woff2$/.test(f)) && byName.has('katex'), "KaTeX's fonts");
  const chunks = assets.filter((f) => f.endsWith('.js'));
  const inChunks = (re) => chunks.some((f) => re.test(fs.readFileSync(path.join(distDir, 'assets', f), 'utf8')));
  assert.ok(inChunks(/\bu-legend\b/) && byName.has('uplot'), 'uPlot (its legend class, u-legend)');
  assert.match(fs.readFileSync(path.join(distDir, 'sw.js'), 'utf8'), /workbox/);
  assert.ok(byName.has('workbox-precaching') && byName.has('workbox-core'), "the service worker's Workbox");
});

test('the notice names what is compiled into the .wasm files, which npm does not know', () => {
  const titles = entries().map((e) => `${e.title} (${e.license})`);
  for (const expected of [
    /^Emscripten 3\.1\.6 runtime \(MIT\)$/,
    /^musl libc.* \(MIT\)$/,
    /^LLVM libc\+\+.* \(Apache-2\.0 WITH LLVM-exception\)$/,
    /^Eigen 3\.4 \(MPL-2\.0\)$/,
  ]) {
    assert.ok(
      titles.some((t) => expected.test(t)),
      `${expected} among:\n${titles.join('\n')}`,
    );
  }
  const eigen = entries().find((e) => e.title.startsWith('Eigen'));
  assert.match(eigen.text, /Mozilla Public License Version 2\.0/);
  assert.match(eigen.text, /gitlab\.com\/libeigen\/eigen/, 'where the MPL-covered source is');
});

test('every npm package in the notice is in the tree `npm audit --omit=dev` checks', () => {
  const tree = JSON.parse(
    execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: repo, encoding: 'utf8' }),
  );
  const production = new Set();
  const walk = (deps = {}) => {
    for (const [name, dep] of Object.entries(deps)) {
      production.add(name);
      walk(dep.dependencies);
    }
  };
  walk(tree.dependencies);
  const npmPackages = entries()
    .map((e) => e.title)
    .filter((t) => /^[@a-z0-9][\w./@-]* \d+\.\d+\.\d+/.test(t))
    .map((t) => t.split(' ')[0]);
  assert.ok(npmPackages.length >= 4, npmPackages.join(', '));
  assert.deepEqual(
    npmPackages.filter((name) => !production.has(name)),
    [],
    'shipped but outside the production tree',
  );
});
