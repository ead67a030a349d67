// Build-time Markdown + math rendering for lessons (runs in Node inside the Vite plugin).
// `$...$` / `$$...$$` become KaTeX HTML; ```widget NAME``` and ```exercise``` fences become
// mount points whose JSON is returned beside the HTML (content as data). A widget fence's JSON is
// checked against that widget's config schema (web/src/widgets/<name>.schema.js), so a misspelt
// or mistyped key fails the build naming the file, the fence and the key.
import { Marked } from 'marked';
import katex from 'katex';
import { claimsProblems, splitClaims } from '../src/lesson/claims.js';

const WIDGET_NAME = /^[a-z][a-z0-9-]*$/;
const ANSWER_PATH = /^(?:[A-Za-z_]\w*|\[\d+\])(?:\.[A-Za-z_]\w*|\[\d+\])*$/;

function checkWidget(schemas, name, config, where) {
  const schema = schemas[name];
  if (!schema) {
    fail(
      where,
      `there is no widget "${name}" (no web/src/widgets/${name}.schema.js): add the widget, ` +
        `web/src/widgets/${name}.js with its config schema ${name}.schema.js (see web/README.md), ` +
        `or fix the name (widgets: ${Object.keys(schemas).join(', ')})`,
    );
  }
  // "claims" is open to every widget: the prose's numeric sentences, checked by the Node test.
  const { config: own, claims } = splitClaims(config);
  const found = [...schema.problems(own), ...(claims === undefined ? [] : claimsProblems(claims))];
  if (found.length) fail(where, found.map((p) => `"${p.path}" ${p.message}`).join('; '));
}

export function renderTex(source, displayMode, where = 'tex') {
  try {
    return katex.renderToString(source, { displayMode, throwOnError: true, output: 'htmlAndMathml' });
  } catch (e) {
    throw new Error(`${where}: KaTeX cannot render "${source}": ${e.message}`, { cause: e });
  }
}

function mathExtensions(where) {
  return [
    {
      name: 'mathBlock',
      level: 'block',
      start: (src) => src.match(/^ {0,3}\$\$/m)?.index,
      tokenizer(src) {
        const m = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/.exec(src);
        if (m) return { type: 'mathBlock', raw: m[0], text: m[1].trim() };
        return undefined;
      },
      renderer: (t) => `<div class="math-display">${renderTex(t.text, true, where)}</div>\n`,
    },
    {
      name: 'mathInline',
      level: 'inline',
      start: (src) => (src.indexOf('$') >= 0 ? src.indexOf('$') : undefined),
      tokenizer(src) {
        let m = /^\$\$([\s\S]+?)\$\$/.exec(src);
        if (m) return { type: 'mathInline', raw: m[0], text: m[1].trim(), display: true };
        // No space just inside the dollars, so "costs $5 and $6" stays text.
        m = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
        if (m) return { type: 'mathInline', raw: m[0], text: m[1], display: false };
        return undefined;
      },
      renderer: (t) => renderTex(t.text, t.display, where),
    },
  ];
}

function fail(where, msg) {
  throw new Error(`${where}: ${msg}`);
}

function parseJsonFence(text, where, what) {
  try {
    const value = JSON.parse(text || '{}');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail(where, `${what} fence must hold a JSON object`);
    }
    return value;
  } catch (e) {
    if (e instanceof SyntaxError) fail(where, `${what} fence is not valid JSON: ${e.message}`);
    throw e;
  }
}

function checkExercise(ex, where) {
  for (const key of ['prompt', 'call']) {
    if (typeof ex[key] !== 'string' || !ex[key].trim()) fail(where, `exercise needs a "${key}" string`);
  }
  // "answer": "" means the result itself (e.g. dot returns a plain number).
  if (typeof ex.answer !== 'string') fail(where, 'exercise needs an "answer" path string ("" for the whole result)');
  if (!/^[A-Za-z_]\w*$/.test(ex.call)) fail(where, `exercise "call" must be an engine function name`);
  if (!Array.isArray(ex.args)) fail(where, 'exercise needs "args": an array of arguments');
  if (ex.answer !== '' && !ANSWER_PATH.test(ex.answer))
    fail(where, `exercise "answer" path "${ex.answer}" is not like "weights[0][1]"`);
  if (ex.choices !== undefined) {
    if (!Array.isArray(ex.choices) || ex.choices.length < 2 || !ex.choices.every((c) => typeof c === 'string')) {
      fail(where, 'exercise "choices" must be an array of at least two strings');
    }
    if (ex.reduce !== 'argmax') fail(where, 'exercise with "choices" needs "reduce": "argmax"');
  } else if (!(typeof ex.tolerance === 'number' && ex.tolerance >= 0)) {
    fail(where, 'exercise needs a "tolerance" >= 0 (or "choices" + "reduce")');
  }
}

/** The 1-based line of `raw` in `body` at or after `from.index`, or undefined (e.g. inside a list). */
function lineOf(body, raw, from) {
  const at = body.indexOf(raw, from.index);
  if (at < 0) return undefined;
  from.index = at + raw.length;
  return body.slice(0, at).split('\n').length;
}

/**
 * renderMarkdown(body, file, { schemas, firstLine }) -> { html, widgets, exercises }.
 * schemas: { name: config schema } of every widget; without it widget configs are not checked.
 * firstLine: the file's line where `body` starts (after the front matter), for error messages.
 */
export function renderMarkdown(body, file, { schemas, firstLine = 1 } = {}) {
  const widgets = [];
  const cursor = { index: 0 };
  const exercises = [];
  const marked = new Marked({ gfm: true });
  marked.use({ extensions: mathExtensions(file) });
  const inline = (md) => marked.parse(md);

  marked.use({
    renderer: {
      code(token) {
        const info = (token.lang || '').trim().split(/\s+/);
        const line = lineOf(body, token.raw, cursor);
        const at = line === undefined ? file : `${file}:${line + firstLine - 1}`;
        const where = `${at} (fence "${token.raw.split('\n')[0]}")`;
        if (info[0] === 'widget') {
          const name = info[1] || '';
          if (!WIDGET_NAME.test(name)) fail(where, 'widget fence needs a name: ```widget softmax');
          const config = parseJsonFence(token.text, where, 'widget');
          if (schemas) checkWidget(schemas, name, config, `${at} (widget fence ${widgets.length + 1}, "${name}")`);
          const same = widgets.filter((w) => w.name === name).length;
          const key = same ? `${name}-${same + 1}` : name;
          widgets.push({ name, key, config });
          return (
            `<div class="widget-mount" data-widget-index="${widgets.length - 1}">` +
            `<p class="widget-status">Loading the interactive figure…</p></div>\n`
          );
        }
        if (info[0] === 'exercise') {
          const ex = parseJsonFence(token.text, where, 'exercise');
          checkExercise(ex, where);
          exercises.push({
            ...ex,
            prompt: inline(ex.prompt),
            explain: ex.explain ? inline(ex.explain) : '',
            hint: ex.hint ? inline(ex.hint) : '',
          });
          return `<section class="exercise-mount" data-exercise-index="${exercises.length - 1}"></section>\n`;
        }
        return false; // ordinary code block: marked's default rendering
      },
    },
  });

  let html;
  try {
    html = marked.parse(body);
  } catch (e) {
    // marked appends a plea to report the error to marked; ours are the lesson's, not marked's.
    e.message = e.message.replace(/\nPlease report this to https:\/\/github\.com\/markedjs\/marked\.?$/, '');
    throw e;
  }
  return { html, widgets, exercises };
}
