// Light and dark without a browser: the stored choice is read like any input, the store applies
// and remembers it, and the stylesheet's two lists of dark colours (the system's and the
// learner's) cannot drift apart. The browser side (contrast on every lesson, the switch across
// reloads) is tests/browser/dark-mode.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { KEY, parseTheme, effectiveTheme, createTheme, THEME_EVENT } from '../../web/src/state/theme.js';

const css = fs.readFileSync(new URL('../../web/src/styles/base.css', import.meta.url), 'utf8');

function fakeStorage(initial = {}, { broken = false } = {}) {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => {
      if (broken) throw new Error('storage disabled');
      return k in data ? data[k] : null;
    },
    setItem: (k, v) => {
      if (broken) throw new Error('storage disabled');
      data[k] = String(v);
    },
    removeItem: (k) => delete data[k],
  };
}

function fakeRoot() {
  const attrs = {};
  return {
    attrs,
    setAttribute: (k, v) => (attrs[k] = v),
    removeAttribute: (k) => delete attrs[k],
  };
}

const fakeMedia = (matches) => ({ matches, addEventListener() {} });

test('a stored theme is read like any input: only "light" and "dark" count, anything else follows the system', () => {
  assert.equal(parseTheme('dark'), 'dark');
  assert.equal(parseTheme('light'), 'light');
  for (const junk of [null, undefined, '', 'DARK', ' dark', 'system', '{"dark":true}', 'x'.repeat(10000)]) {
    assert.equal(parseTheme(junk), 'system', String(junk).slice(0, 20));
  }
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('system', false), 'light');
  assert.equal(effectiveTheme('light', true), 'light');
  assert.equal(effectiveTheme('dark', false), 'dark');
});

test('the store applies a stored pick, remembers a new one, and "System" forgets it', () => {
  const storage = fakeStorage({ [KEY]: 'dark' });
  const root = fakeRoot();
  const heard = [];
  const events = new EventTarget();
  events.addEventListener(THEME_EVENT, (e) => heard.push(e.detail));
  const theme = createTheme({ storage, root, media: fakeMedia(false), events });
  theme.init();
  assert.equal(root.attrs['data-theme'], 'dark');
  assert.equal(theme.current(), 'dark');

  theme.set('light');
  assert.equal(storage.data[KEY], 'light');
  assert.equal(root.attrs['data-theme'], 'light');

  theme.set('system');
  assert.equal(KEY in storage.data, false, 'System removes the stored pick');
  assert.equal('data-theme' in root.attrs, false, 'and leaves the colours to the media query');
  assert.equal(theme.current(), 'light');

  theme.set('<script>');
  assert.equal(theme.choice(), 'system', 'a value this site never writes is not applied');
  assert.deepEqual(heard, ['light', 'light', 'light']);
});

test('the store follows the system when nothing is stored, and survives storage that throws', () => {
  const root = fakeRoot();
  const dark = createTheme({ storage: fakeStorage(), root, media: fakeMedia(true) });
  dark.init();
  assert.equal(dark.current(), 'dark');
  assert.equal('data-theme' in root.attrs, false);

  const broken = createTheme({ storage: fakeStorage({}, { broken: true }), root, media: fakeMedia(false) });
  broken.init();
  assert.equal(broken.current(), 'light');
  broken.set('dark'); // cannot store: holds for this visit
  assert.equal(broken.current(), 'dark');
  assert.equal(root.attrs['data-theme'], 'dark');

  const none = createTheme({ storage: null, root: fakeRoot(), media: null });
  none.init();
  assert.equal(none.current(), 'light');
});

test("base.css: the system's dark colours and the learner's are the same list", () => {
  const block = (re) => {
    const m = css.match(re);
    assert.ok(m, `no block matching ${re}`);
    return m[1]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('/*'));
  };
  const picked = block(/:root\[data-theme='dark'\] \{\n([^}]*)\}/);
  const system = block(
    /@media \(prefers-color-scheme: dark\) \{\n {2}:root:not\(\[data-theme='light'\]\) \{\n([^}]*)\}/,
  );
  assert.ok(picked.length > 20, 'the dark list sets the palette');
  assert.deepEqual(system, picked);
  assert.ok(picked.includes('color-scheme: dark;'), 'native controls turn dark too');
  // Every colour the dark list sets is one the light palette declares (no typo'd name).
  const light = css.match(/^:root \{\n([^}]*)\}/m)[1];
  for (const line of picked.filter((l) => l.startsWith('--'))) {
    const name = line.split(':')[0];
    assert.ok(light.includes(`${name}:`), `${name} is set for dark but not declared for light`);
  }
});
