// The widget kit without a browser: config schemas (the same types as the URL state), the build's
// check of every widget fence, defineWidget's mount rules, and the conventions a new widget must
// follow, each failing with a message that says what to add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { declareConfig, param } from '../../web/src/state/params.js';
import { defineWidget } from '../../web/src/lesson/widget-kit.js';
import { tryEngine } from '../../web/src/ui/controls.js';
import { renderMarkdown } from '../../web/plugins/markdown.js';
import { listLessons, compileLesson, loadWidgetSchemas, widgetsDir } from '../../web/plugins/content-plugin.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const fence = (info, body) => '```' + info + '\n' + body + '\n```\n';
const schemas = await loadWidgetSchemas();
// A widget is a module web/src/widgets/<name>.js (its parts may sit in web/src/widgets/<name>/).
const widgetNames = fs
  .readdirSync(widgetsDir)
  .filter((f) => f.endsWith('.js') && !f.endsWith('.schema.js') && !f.endsWith('.facts.js'))
  .map((f) => f.slice(0, -3));
const read = (...p) => fs.readFileSync(path.join(repo, ...p), 'utf8');

test('config types: each problem names its key, nested keys and indices included', () => {
  const C = declareConfig({
    scores: param.required(param.vector({ maxLength: 3, min: -10, max: 10 })),
    temperature: param.number({ min: 0.1, max: 10 }),
    X: param.matrix({ maxRows: 2, maxCols: 2 }),
    mode: param.choice(['a', 'b']),
    presets: param.list(param.object({ label: param.text({ maxLength: 5 }), on: param.boolean() })),
    words: param.record(param.vector({ minLength: 2, maxLength: 2 }), { minKeys: 1 }),
    hide: param.hide(['scores']),
  });
  assert.deepEqual(C.problems({ scores: [1, 2] }), []);
  const bad = {
    temprature: 2,
    scores: [1, '2', 3],
    X: [[1, 2], [3]],
    mode: 'c',
    presets: [{ label: 'toolong', on: 1, extra: 0 }],
    words: { cat: [1, 2, 3] },
    hide: ['nope'],
  };
  assert.deepEqual(
    C.problems(bad).map((p) => p.path),
    [
      'temprature',
      'scores[1]',
      'X',
      'mode',
      'presets[0].extra',
      'presets[0].label',
      'presets[0].on',
      'words.cat',
      'hide[0]',
    ],
  );
  const [unknown] = C.problems(bad);
  assert.match(
    unknown.message,
    /is not a setting here \(did you mean "temperature"\?\); the settings are: scores, temperature/,
  );
  assert.deepEqual(C.problems({}), [{ path: 'scores', message: 'is required' }]);
  assert.match(C.problems({ scores: [Infinity] })[0].message, /must be a number, not null/);
  assert.match(C.problems({ scores: [1e308] })[0].message, /between -10 and 10/);
  assert.throws(
    () => C.validate({ scores: [1], tempreture: 1 }, 'softmax'),
    /^Error: softmax: "tempreture" is not a setting/,
  );
  // Shapes that must fit together are checked once every field is valid.
  const S = declareConfig(
    { n: param.integer() },
    { check: (c) => (c.n > 2 ? [{ path: 'n', message: 'too big' }] : []) },
  );
  assert.deepEqual(S.problems({ n: 3 }), [{ path: 'n', message: 'too big' }]);
  assert.deepEqual(S.problems({ n: 'x' }).length, 1);
});

test('a misspelt or mistyped widget config key fails the build, naming the file, the fence and the key', () => {
  const md = `Intro\n\n${fence('widget softmax', '{ "scores": [8, 2, 5] }')}\nMore\n\n${fence('widget softmax', '{ "scores": [1], "temprature": 2 }')}`;
  assert.throws(
    () => renderMarkdown(md, 'content/lessons/03-softmax.md', { schemas, firstLine: 5 }),
    (e) => {
      assert.match(
        e.message,
        /^content\/lessons\/03-softmax\.md:13 \(widget fence 2, "softmax"\): "temprature" is not a setting here \(did you mean "temperature"\?\)/,
      );
      return true;
    },
  );
  assert.throws(
    () => renderMarkdown(fence('widget softmax', '{ "scores": "8, 2, 5" }'), 'l.md', { schemas }),
    /^Error: l\.md:1 \(widget fence 1, "softmax"\): "scores" must be a list of numbers like \[1, 2\], not "8, 2, 5"$/,
  );
  assert.throws(
    () =>
      renderMarkdown(
        fence(
          'widget attention-steps',
          JSON.stringify({
            X: [[1, 2]],
            Wq: [[1]],
            Wk: [
              [1, 0],
              [0, 1],
            ],
            Wv: [
              [1, 0],
              [0, 1],
            ],
          }),
        ),
        'l.md',
        { schemas },
      ),
    /"Wq" must be 2 x 2 \(d x d, d = the width of X\)/,
  );
  // Shapes that must fit together, checked per widget.
  const problems = (name, config) => schemas[name].problems(config).map((p) => `${p.path} ${p.message}`);
  assert.deepEqual(problems('positional', { sentences: ['dog bites man', 'cat bites dog'] }), [
    'sentences[1] uses words with no vector in "words": cat',
  ]);
  assert.deepEqual(problems('add-norm', { X: [[1, 2]], gamma: [1], context: [[1, 2, 3]] }), [
    'context must be 1 x 2 (the shape of X)',
    'gamma must hold 2 entries (one per column of X), not 1',
  ]);
  assert.deepEqual(problems('qkv-asymmetry', { words: { a: [1, 2], b: [1] }, a: 'c' }), [
    'a must name one of "words": a, b',
    'words.b must hold 2 numbers like the first, not 1',
  ]);
  assert.deepEqual(problems('causal-mask', { tokens: ['x'], X: [[1], [2]] }), [
    'tokens must hold 2 entries (one per row of X), not 1',
  ]);
});

test('a widget fence naming a widget with no module fails the build and says what to add', () => {
  assert.throws(
    () => renderMarkdown(fence('widget entropy-bars', '{}'), 'l.md', { schemas }),
    /l\.md:1 \(widget fence 1, "entropy-bars"\): there is no widget "entropy-bars" \(no web\/src\/widgets\/entropy-bars\.schema\.js\): add the widget, web\/src\/widgets\/entropy-bars\.js with its config schema entropy-bars\.schema\.js/,
  );
});

test('every widget fence in content/lessons passes its widget schema', () => {
  for (const entry of listLessons(path.join(repo, 'content/lessons'))) {
    assert.doesNotThrow(() => compileLesson(entry, schemas), entry.file);
  }
});

test('every widget module has a config schema, a browser test and the kit; every schema a module', () => {
  assert.ok(widgetNames.length >= 10, widgetNames.join(', '));
  for (const name of widgetNames) {
    assert.ok(
      schemas[name],
      `web/src/widgets/${name}.js has no config schema: add web/src/widgets/${name}.schema.js with ` +
        '"export default declareConfig({ ... })" (web/src/state/params.js), listing every key its lesson fence may give',
    );
    const source = read('web/src/widgets', `${name}.js`);
    assert.match(
      source,
      /^export default defineWidget\(/m,
      `web/src/widgets/${name}.js: mount through the kit, "export default defineWidget(widget, setup)" (web/src/lesson/widget-kit.js)`,
    );
    assert.match(
      source,
      new RegExp(`from '\\./${name}\\.schema\\.js'`),
      `web/src/widgets/${name}.js: import its config schema from './${name}.schema.js'`,
    );
    // The kit renders, guards the mount and writes the URL; a widget that does it again drifts.
    assert.doesNotMatch(
      source,
      /\bsetState\b|let first = true/,
      `web/src/widgets/${name}.js: leave setState to the kit (update() / save())`,
    );
    assert.ok(
      fs.existsSync(path.join(repo, 'tests/browser', `${name}.test.mjs`)),
      `the widget "${name}" has no browser test: add tests/browser/${name}.test.mjs (see tests/browser/widget-harness.mjs)`,
    );
  }
  for (const name of Object.keys(schemas)) {
    assert.ok(
      widgetNames.includes(name),
      `web/src/widgets/${name}.schema.js has no widget: add web/src/widgets/${name}.js`,
    );
  }
});

test("a widget's styles sit beside it and are imported by it; no global widget stylesheet", () => {
  for (const css of fs.readdirSync(widgetsDir).filter((f) => f.endsWith('.css'))) {
    const name = css.slice(0, -4);
    assert.ok(widgetNames.includes(name), `web/src/widgets/${css} belongs to no widget: name it <widget>.css`);
    assert.match(
      read('web/src/widgets', `${name}.js`),
      new RegExp(`^import '\\./${name}\\.css';$`, 'm'),
      `web/src/widgets/${name}.js: import './${name}.css'`,
    );
  }
  for (const name of widgetNames) {
    assert.doesNotMatch(
      read('web/src/widgets', `${name}.js`),
      /import '\.\.\/styles\//,
      `web/src/widgets/${name}.js: move its styles to web/src/widgets/${name}.css (web/src/styles holds the page and the UI kit)`,
    );
  }
});

test('defineWidget: validates the config, renders while mounting without a URL write, then writes every field', () => {
  const widget = {
    config: declareConfig({ start: param.required(param.number()) }),
    state: { x: param.number(), on: param.boolean() },
    defaults: (config) => ({ x: config.start, on: false }),
  };
  const writes = [];
  const renders = [];
  let ctx;
  const mount = defineWidget(widget, (c) => {
    ctx = c;
    return { render: () => (renders.push({ ...c.values }), c.values.x !== 99) };
  });
  const setState = (patch) => writes.push(patch);
  mount({}, { engine: null, config: { start: 2 }, state: { on: '1', x: 'NaN' }, setState });
  assert.deepEqual(renders, [{ x: 2, on: true }], 'URL first, then defaults; one render while mounting');
  assert.deepEqual(writes, [], 'no URL write while mounting: a plain link stays plain');
  ctx.values.x = 5;
  ctx.update();
  assert.deepEqual(writes, [{ x: '5', on: '1' }], 'every declared field written');
  ctx.values.x = 99; // render() says nothing valid is shown
  ctx.update();
  assert.equal(writes.length, 1);
  ctx.save();
  assert.equal(writes.length, 2, 'save() writes without rendering');
  assert.throws(
    () => mount({}, { engine: null, config: { strat: 2 }, state: {}, setState }),
    /widget config: "strat" is not a setting here \(did you mean "start"\?\)/,
  );
});

test('defineWidget: a render that showed an engine error leaves the URL at the last state that worked', () => {
  const widget = { config: declareConfig({}), state: { k: param.integer() }, defaults: () => ({ k: 2 }) };
  const shown = [];
  const message = { show: (t) => shown.push(t), clear: () => shown.push('') };
  let ctx;
  const mount = defineWidget(widget, (c) => {
    ctx = c;
    // A widget that forgets to return false after a refused call: the kit must still not write.
    const render = () => {
      tryEngine(message, () => {
        if (c.values.k !== 2) throw new Error(`b has ${c.values.k} entries but W has 2 columns`);
      });
    };
    return { render };
  });
  const writes = [];
  mount({}, { engine: null, config: {}, state: {}, setState: (patch) => writes.push(patch) });
  ctx.values.k = 3;
  ctx.update();
  assert.match(shown.at(-1), /b has 3 entries but W has 2 columns/, 'the error is shown');
  assert.deepEqual(writes, [], 'the erroring state is not written to the URL');
  ctx.values.k = 2;
  ctx.update();
  assert.deepEqual(writes, [{ k: '2' }], 'a state that works is written again');
});

test("a model option outside the model's declared range fails the build, naming file, fence and key", () => {
  // The translator's width is declared 4 to 32 in C++; its widget schema takes that range from the
  // declaration, so a fence the engine would refuse never reaches the browser.
  assert.throws(
    () => renderMarkdown(fence('widget translator', '{ "width": 64 }'), 'content/lessons/10-x.md', { schemas }),
    /^Error: content\/lessons\/10-x\.md:1 \(widget fence 1, "translator"\): "width" must be between 4 and 32, not 64$/,
  );
  assert.throws(
    () => renderMarkdown(fence('widget training', '{ "batch": 300 }'), 'l.md', { schemas }),
    /\(widget fence 1, "training"\): "batch" must be between 1 and 256, not 300$/,
  );
  assert.doesNotThrow(() => renderMarkdown(fence('widget translator', '{ "width": 16 }'), 'l.md', { schemas }));
});
