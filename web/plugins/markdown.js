// Build-time Markdown + math rendering for lessons (runs in Node inside the Vite plugin).
// `$...$` / `$$...$$` become KaTeX HTML; ```widget NAME``` and ```exercise``` fences become
// mount points whose JSON is returned beside the HTML (content as data). A widget fence's JSON is
// checked against that widget's config schema (web/src/widgets/<name>.schema.js), so a misspelt
// or mistyped key fails the build naming the file, the fence and the key.
import { Marked } from 'marked';
import katex from 'katex';
import { claimsProblems, splitClaims } from '../src/lesson/claims.js';
import { fillArgs, fillText, varyProblems } from '../src/review/variation.js';

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

/** A lesson's (or the concept check's) front matter: { meta: { title, ... }, body }. */
export function parseFrontMatter(text, file) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) throw new Error(`${file}: missing front matter (--- title: ... ---)`);
  const meta = {};
  for (const line of m[1].split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const kv = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`${file}: front matter line is not "key: value": ${line}`);
    meta[kv[1]] = kv[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  if (!meta.title) throw new Error(`${file}: front matter needs a title`);
  return { meta, body: text.slice(m[0].length) };
}

export function renderTex(source, displayMode, where = 'tex') {
  try {
    return katex.renderToString(source, { displayMode, throwOnError: true, output: 'htmlAndMathml' });
  } catch (e) {
    throw new Error(`${where}: KaTeX cannot render "${source}": ${e.message}`, { cause: e });
  }
}

export function mathExtensions(where) {
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
      // Focusable: on a phone a wide formula scrolls sideways, and keyboard users must reach it.
      renderer: (t) =>
        `<div class="math-display" tabindex="0" role="group" aria-label="formula">${renderTex(t.text, true, where)}</div>\n`,
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

export function fail(where, msg) {
  throw new Error(`${where}: ${msg}`);
}

export function parseJsonFence(text, where, what) {
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

const isNonEmpty = (v) => typeof v === 'string' && v.trim() !== '';
const isIndex = (v, n) => Number.isInteger(v) && v >= 0 && v < n;

/** { call, args, answer } naming a number or vector the engine computes; `what` names it. */
export function checkEngineCall(spec, where, what) {
  if (!isNonEmpty(spec.call) || !/^[A-Za-z_]\w*$/.test(spec.call)) {
    fail(where, `${what} "call" must be an engine function name`);
  }
  if (!Array.isArray(spec.args)) fail(where, `${what} needs "args": an array of arguments`);
  // "answer": "" means the result itself (e.g. dot returns a plain number).
  if (typeof spec.answer !== 'string') fail(where, `${what} needs an "answer" path string ("" for the whole result)`);
  if (spec.label !== undefined && !isNonEmpty(spec.label)) fail(where, `${what} "label" must be a string`);
  if (spec.answer !== '' && !ANSWER_PATH.test(spec.answer))
    fail(where, `${what} "answer" path "${spec.answer}" is not like "weights[0][1]"`);
  checkNestedCalls(spec.args, where, what);
}

/** An argument { "engine": { call, args, answer } } is another engine call's result (see exercise.js). */
function checkNestedCalls(value, where, what) {
  if (Array.isArray(value)) value.forEach((v) => checkNestedCalls(v, where, what));
  else if (value !== null && typeof value === 'object') {
    if (Object.hasOwn(value, 'engine')) {
      if (Object.keys(value).length !== 1 || value.engine === null || typeof value.engine !== 'object')
        fail(where, `${what}: an argument computed by the engine is { "engine": { call, args, answer } } alone`);
      checkEngineCall(value.engine, where, `${what} (inner call)`);
    } else Object.values(value).forEach((v) => checkNestedCalls(v, where, what));
  }
}

function checkChoices(choices, where, what) {
  if (!Array.isArray(choices) || choices.length < 2 || !choices.every(isNonEmpty)) {
    fail(where, `${what} "choices" must be an array of at least two strings`);
  }
}

function checkExercise(ex, where) {
  if (!isNonEmpty(ex.prompt)) fail(where, 'exercise needs a "prompt" string');
  const conceptual = ex.choices !== undefined && ex.call === undefined;
  if (conceptual) {
    // A question about an idea, not a number: its right choice is given, not computed.
    checkChoices(ex.choices, where, 'exercise');
    if (!isIndex(ex.correct, ex.choices.length)) {
      fail(where, 'a conceptual exercise (choices, no "call") needs "correct": the index of the right choice');
    }
  } else {
    if (!isNonEmpty(ex.call)) fail(where, 'exercise needs a "call" string');
    checkEngineCall(ex, where, 'exercise');
    if (ex.correct !== undefined) fail(where, 'exercise "correct" is only for questions without a "call"');
    if (ex.choices !== undefined) {
      checkChoices(ex.choices, where, 'exercise');
      if (ex.reduce !== 'argmax') fail(where, 'exercise with "choices" needs "reduce": "argmax"');
    } else if (!(typeof ex.tolerance === 'number' && ex.tolerance >= 0)) {
      fail(where, 'exercise needs a "tolerance" >= 0 (or "choices" + "reduce")');
    }
  }
  if (ex.choiceFeedback !== undefined) {
    const ok =
      ex.choices &&
      Array.isArray(ex.choiceFeedback) &&
      ex.choiceFeedback.length === ex.choices.length &&
      ex.choiceFeedback.every((f) => f === null || isNonEmpty(f));
    if (!ok) fail(where, 'exercise "choiceFeedback" must hold one string (or null) per choice');
  }
  if (ex.misconceptions !== undefined) {
    if (ex.choices || !Array.isArray(ex.misconceptions) || ex.misconceptions.length === 0) {
      fail(where, 'exercise "misconceptions" must be a non-empty list, on a number exercise');
    }
    checkMisconceptions(ex.misconceptions, where, 'misconception');
  }
  if (ex.vary !== undefined) {
    const problems = varyProblems(ex);
    if (problems.length) fail(where, `exercise ${problems[0]}`);
    // A variant's misconceptions are checked like the lesson's, with the lesson's numbers filled in.
    if (ex.vary.misconceptions?.length) {
      if (ex.choices) fail(where, 'exercise "vary.misconceptions" is for a number exercise');
      const was = Object.fromEntries(Object.entries(ex.vary.values).map(([k, v]) => [k, v.was]));
      const filled = ex.vary.misconceptions.map((m) =>
        m === null || typeof m !== 'object'
          ? m
          : { ...m, args: fillArgs(m.args, was), answer: m.answer === undefined ? undefined : fillText(m.answer, was) },
      );
      checkMisconceptions(filled, where, '"vary" misconception');
    }
  }
}

function checkMisconceptions(list, where, name) {
  list.forEach((m, i) => {
    const what = `${name} ${i + 1}`;
    if (m === null || typeof m !== 'object') fail(where, `${what} must be an object`);
    if (!isNonEmpty(m.feedback)) fail(where, `${what} needs "feedback": what the wrong idea is`);
    if (m.call !== undefined) checkEngineCall(m, where, what);
    else if (!(typeof m.value === 'number' && Number.isFinite(m.value)))
      fail(where, `${what} needs a "value" number, or "call"/"args"/"answer" for the engine to compute it`);
    if (m.tolerance !== undefined && !(typeof m.tolerance === 'number' && m.tolerance >= 0))
      fail(where, `${what} "tolerance" must be a number >= 0`);
  });
}

/**
 * An exercise's "vary" with its prompt, hint and feedback rendered like the exercise's. Its
 * {value} placeholders must come through the Markdown as they are (not inside math, where KaTeX
 * would read the braces), for the review page fills them in the HTML.
 */
function renderVary(vary, { inline, phrase }, where) {
  const rendered = {
    ...vary,
    prompt: inline(vary.prompt),
    hint: vary.hint ? inline(vary.hint) : '',
    misconceptions: vary.misconceptions?.map((m) => ({ ...m, feedback: phrase(m.feedback) })),
  };
  const count = (text) => (text.match(/\{[a-z][a-z0-9]*\}/g) ?? []).length;
  const outsideMath = (md) => md.replace(/\$\$[\s\S]+?\$\$|\$(?:\\.|[^\\$\n])+?\$/g, '');
  for (const key of ['prompt', 'hint']) {
    if (vary[key] && (count(outsideMath(vary[key])) !== count(vary[key]) || count(rendered[key]) < count(vary[key])))
      fail(where, `exercise "vary.${key}": a {value} is inside math or markup, where it cannot be filled in`);
  }
  return rendered;
}

const PREDICT_KINDS = ['choice', 'sign', 'number'];

/**
 * A ```predict``` block: the learner commits to a guess, then the engine's answer is shown.
 * "check" is the engine call; with "baseline" the quantity is check − baseline (a change).
 * kind "choice": the choice with the largest value wins; "sign": choices are [up, down, same]
 * (positive, negative, zero: without a baseline, the sign of check itself, e.g. a gradient's);
 * "number": the learner types a number and is told how far off it was.
 */
function checkPredict(p, where) {
  if (!isNonEmpty(p.prompt)) fail(where, 'predict needs a "prompt" string');
  if (!PREDICT_KINDS.includes(p.kind)) fail(where, `predict "kind" must be one of ${PREDICT_KINDS.join(', ')}`);
  if (p.check === null || typeof p.check !== 'object') fail(where, 'predict needs "check": { call, args, answer }');
  checkEngineCall(p.check, where, 'predict "check"');
  if (p.baseline !== undefined) {
    if (p.kind === 'choice') fail(where, 'predict "baseline" is for "sign" or "number" predictions');
    checkEngineCall(p.baseline, where, 'predict "baseline"');
  }
  if (p.kind === 'choice') checkChoices(p.choices, where, 'predict');
  if (p.kind === 'sign') {
    checkChoices(p.choices, where, 'predict');
    if (p.choices.length !== 3) fail(where, 'predict "sign" needs three choices: up, down, no change');
  }
  if (p.kind === 'number' && p.choices !== undefined) fail(where, 'predict "number" takes no choices');
  if (p.tolerance !== undefined && !(typeof p.tolerance === 'number' && p.tolerance >= 0))
    fail(where, 'predict "tolerance" must be a number >= 0');
  if (p.reveals !== undefined && !(Array.isArray(p.reveals) && p.reveals.length > 0 && p.reveals.every(isNonEmpty)))
    fail(where, 'predict "reveals" must be a non-empty list of sentences from the part it covers');
}

// The words of a passage as a reader sees them: Markdown emphasis and line breaks do not count.
const plainWords = (md) => md.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();

/**
 * What a predict block covers: the lesson from its fence to the next ```end-predict``` fence (the
 * figures and sentences that give its answer away), hidden until the guess is locked in. Every
 * sentence of its "reveals" must be inside that part; an end without a predict, a predict left
 * open, a second predict inside the first or an empty cover fails the build.
 */
function checkCover(cover, body, end, where) {
  const covered = body.slice(cover.from, end);
  if (!/\S/.test(covered)) fail(where, 'end-predict closes an empty cover: nothing between it and its predict');
  const text = plainWords(covered);
  for (const sentence of cover.reveals || []) {
    if (!text.includes(plainWords(sentence)))
      fail(
        cover.where,
        `predict "reveals" names "${sentence}", which is not in the part it covers (up to end-predict)`,
      );
  }
}

/**
 * A stepper: a long derivation or a wall of matrices shown one stage at a time (the page's
 * web/src/lesson/stepper.js adds the controls; without it, and in print, every stage shows).
 *
 *     ```steps
 *     { "label": "The forward pass, one matrix at a time" }
 *     ```
 *     ```step
 *     { "title": "Scores" }
 *     ```
 *     ...the stage's prose and figures...
 *     ```step
 *     { "title": "Weights" }
 *     ```
 *     ...
 *     ```end-steps
 *     ```
 *
 * Stages are plain HTML boxes, so they must nest with predict covers: a cover opened in a stage
 * closes in it, and a stepper opened in a cover closes in it (checked through `open`).
 */
function checkSteps(spec, where) {
  if (!isNonEmpty(spec.label))
    fail(where, 'steps needs "label": what the stages walk through, read out to screen readers');
  const extra = Object.keys(spec).filter((k) => k !== 'label');
  if (extra.length) fail(where, `steps takes only "label" (not ${extra.map((k) => `"${k}"`).join(', ')})`);
}

function checkStep(spec, where) {
  if (!isNonEmpty(spec.title)) fail(where, 'step needs "title": the stage\'s name, shown as "Stage 2 of 4: title"');
  const extra = Object.keys(spec).filter((k) => k !== 'title');
  if (extra.length) fail(where, `step takes only "title" (not ${extra.map((k) => `"${k}"`).join(', ')})`);
}

/**
 * The 1-based line of `raw` in `body` at or after `from.index`, or undefined (e.g. inside a list).
 * Leaves from.start/from.index at the start/end of `raw` in `body`.
 */
export function lineOf(body, raw, from) {
  const at = body.indexOf(raw, from.index);
  if (at < 0) return undefined;
  from.start = at;
  from.index = at + raw.length;
  return body.slice(0, at).split('\n').length;
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Closes the stage that is open, if any, failing when it holds nothing; '' when none was open. */
function endStage(stepper, end, where) {
  if (stepper.from === null) return '';
  const stage = stepper.stageWhere;
  // The stage's text runs from the end of its step fence to the start of this fence.
  if (!/\S/.test(stepper.body.slice(stepper.from, end))) fail(stage, `an empty stage: nothing between it and ${where}`);
  return '</section>\n';
}

/**
 * renderMarkdown(body, file, { schemas, firstLine }) -> { html, widgets, exercises, predictions }.
 * schemas: { name: config schema } of every widget; without it widget configs are not checked.
 * firstLine: the file's line where `body` starts (after the front matter), for error messages.
 */
export function renderMarkdown(body, file, { schemas, firstLine = 1 } = {}) {
  const widgets = [];
  const cursor = { index: 0 };
  const exercises = [];
  const predictions = [];
  let cover = null; // the predict block whose cover is open: { index, from, reveals, where }
  let stepper = null; // the stepper open: { where, steps, from (the open stage's start), stageWhere }
  const open = []; // the boxes open, innermost last: 'cover' or 'steps'
  const steppers = [];
  const marked = new Marked({ gfm: true });
  marked.use({ extensions: mathExtensions(file) });
  const inline = (md) => marked.parse(md);
  const phrase = (md) => marked.parseInline(md);

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
            // Feedback is a sentence inside the feedback line: its emphasis renders, no <p>.
            misconceptions: ex.misconceptions?.map((m) => ({ ...m, feedback: phrase(m.feedback) })),
            choiceFeedback: ex.choiceFeedback?.map((f) => (typeof f === 'string' ? phrase(f) : f)),
            vary: ex.vary && renderVary(ex.vary, { inline, phrase }, where),
          });
          return `<section class="exercise-mount" data-exercise-index="${exercises.length - 1}"></section>\n`;
        }
        if (info[0] === 'predict') {
          const p = parseJsonFence(token.text, where, 'predict');
          checkPredict(p, where);
          if (cover)
            fail(
              where,
              `a predict inside the cover of the predict at ${cover.where}: close that one with end-predict first`,
            );
          const index = predictions.length;
          predictions.push({
            ...p,
            prompt: inline(p.prompt),
            explain: p.explain ? inline(p.explain) : '',
            covers: Boolean(p.covers),
          });
          const mount = `<section class="predict-mount" data-predict-index="${index}"></section>\n`;
          if (p.covers === undefined) {
            if (p.reveals) fail(where, 'predict "reveals" needs "covers": true and an end-predict after the sentences');
            return mount;
          }
          if (p.covers !== true)
            fail(where, 'predict "covers" must be true (the lesson up to end-predict) or left out');
          if (line === undefined) fail(where, 'a covering predict must stand on its own, not inside a list or quote');
          // Hidden from the start, so nothing shows (or is read out) before the block mounts.
          cover = { index, from: cursor.index, reveals: p.reveals, where };
          open.push('cover');
          return `${mount}<div class="predict-cover" data-predict-cover="${index}" hidden>\n`;
        }
        if (info[0] === 'end-predict') {
          if (!cover) fail(where, 'end-predict without a predict block with "covers": true before it');
          if (line === undefined) fail(where, 'end-predict must stand on its own, not inside a list or quote');
          if (open.at(-1) !== 'cover')
            fail(
              where,
              `end-predict inside the stepper opened at ${stepper.where}: a cover must close in the stage it opened in`,
            );
          open.pop();
          checkCover(cover, body, cursor.start, where);
          cover = null;
          return '</div>\n';
        }
        if (info[0] === 'steps') {
          const spec = parseJsonFence(token.text, where, 'steps');
          checkSteps(spec, where);
          if (stepper)
            fail(where, `a stepper inside the stepper opened at ${stepper.where}: close that one with end-steps first`);
          if (line === undefined) fail(where, 'steps must stand on its own, not inside a list or quote');
          stepper = { where, steps: 0, from: null, stageWhere: where, opened: cursor.index, body };
          open.push('steps');
          steppers.push({ label: spec.label, steps: [] });
          const index = steppers.length - 1;
          return `<div class="stepper" data-stepper-index="${index}" role="group" aria-label="${escapeAttr(spec.label)}">\n`;
        }
        if (info[0] === 'step') {
          const spec = parseJsonFence(token.text, where, 'step');
          checkStep(spec, where);
          if (!stepper) fail(where, 'step outside a stepper: open one with a steps fence first');
          if (line === undefined) fail(where, 'step must stand on its own, not inside a list or quote');
          if (open.at(-1) !== 'steps')
            fail(
              where,
              `a stage starts inside the predict cover opened at ${cover.where}: close it with end-predict first`,
            );
          const close = endStage(stepper, cursor.start, where);
          if (!close && stepper.steps === 0 && /\S/.test(body.slice(stepper.opened, cursor.start)))
            fail(where, 'text between steps and its first step: every part of a stepper is in a stage');
          stepper.steps += 1;
          stepper.from = cursor.index;
          stepper.stageWhere = where;
          steppers.at(-1).steps.push(spec.title);
          return (
            `${close}<section class="stepper-step" data-step="${stepper.steps - 1}">\n` +
            `<p class="stepper-title"><span class="stepper-count">Stage ${stepper.steps}: </span>${phrase(spec.title)}</p>\n`
          );
        }
        if (info[0] === 'end-steps') {
          if (!stepper) fail(where, 'end-steps without a steps fence before it');
          if (line === undefined) fail(where, 'end-steps must stand on its own, not inside a list or quote');
          if (open.at(-1) !== 'steps')
            fail(where, `end-steps inside the predict cover opened at ${cover.where}: close it with end-predict first`);
          const close = endStage(stepper, cursor.start, where);
          if (stepper.steps < 2) fail(stepper.where, 'a stepper needs at least two steps (one stage is just the text)');
          open.pop();
          stepper = null;
          return `${close}</div>\n`;
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
  if (stepper) fail(stepper.where, 'steps needs an end-steps fence after its last stage');
  if (cover) fail(cover.where, 'predict "covers": true needs an end-predict fence after the part it hides');
  return { html, widgets, exercises, predictions, steppers };
}
