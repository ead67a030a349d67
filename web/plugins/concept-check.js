// The concept check's questions (content/concept-check.md), read and checked at build time like
// the lessons' fences: a question is a ```question``` fence, the concepts it reports on are one
// ```concepts``` fence. A bad question fails `npm run build` naming the file, line and fault.
//
//     ```concepts
//     { "softmax": "Softmax and temperature", ... }
//     ```
//
//     ```question
//     { "id": "softmax-shift", "concept": "softmax", "lesson": "softmax",
//       "taught": "Adding the same number to every score changes nothing",
//       "prompt": "Add 10 to every score of a row. What happens to its weights?",
//       "choices": [
//         { "text": "They grow more uneven", "misconception": "bigger scores alone make softmax sharper", "lesson": "softmax" },
//         { "text": "Nothing", "right": true },
//         ...
//       ],
//       "why": "Only the differences between scores matter: the factor e^10 cancels.",
//       "engine": [[{ "call": "softmax", "args": [[3, 1, 0]], "answer": "" }, "==", { "call": "softmax", "args": [[13, 11, 10]], "answer": "" }]] }
//     ```
//
// Every wrong choice names the misconception it stands for and the lesson that addresses it;
// "taught" is a sentence of the question's lesson that teaches the right answer (tests/web checks
// it is there), and "engine" holds checks of the right answer that tests/node runs on the engine.
import fs from 'node:fs';
import { Marked } from 'marked';
import { checkEngineCall, fail, lineOf, mathExtensions, parseFrontMatter, parseJsonFence } from './markdown.js';

export const CONCEPT_CHECK_FILE = 'concept-check.md';
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const OPS = ['==', '<', '>', '<=', '>=', '!='];
const isText = (v) => typeof v === 'string' && v.trim() !== '';

function only(spec, keys, where, what) {
  const extra = Object.keys(spec).find((k) => !keys.includes(k));
  if (extra !== undefined) fail(where, `${what} has a key "${extra}" (it takes ${keys.join(', ')})`);
}

function checkConcepts(spec, where) {
  const ids = Object.keys(spec);
  if (ids.length === 0) fail(where, 'concepts must name at least one concept');
  for (const id of ids) {
    if (!ID.test(id)) fail(where, `concept "${id}" must be a short name in lower case with dashes`);
    if (!isText(spec[id])) fail(where, `concept "${id}" needs its name as a string, shown in the results`);
  }
}

function checkEngineClaim(claim, where, i) {
  const what = `question "engine" check ${i + 1}`;
  if (!Array.isArray(claim) || claim.length !== 3) fail(where, `${what} must be [left, op, right]`);
  const [left, op, right] = claim;
  if (!OPS.includes(op)) fail(where, `${what}: op must be one of ${OPS.join(' ')}`);
  for (const [side, v] of [
    ['left', left],
    ['right', right],
  ]) {
    if (typeof v === 'number' && Number.isFinite(v)) continue;
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      fail(where, `${what}: ${side} must be a number or { call, args, answer }`);
    checkEngineCall(v, where, `${what} (${side})`);
  }
}

function checkQuestion(q, where, { concepts, slugs }) {
  only(q, ['id', 'concept', 'lesson', 'taught', 'prompt', 'choices', 'why', 'engine'], where, 'question');
  if (!isText(q.id) || !ID.test(q.id)) fail(where, 'question needs "id": a short name in lower case with dashes');
  if (!Object.hasOwn(concepts, q.concept))
    fail(where, `question "concept" must be one of the concepts fence's (${Object.keys(concepts).join(', ')})`);
  const lesson = (slug, what) => {
    if (!slugs.includes(slug)) fail(where, `${what} "${slug}" is not a lesson (lessons: ${slugs.join(', ')})`);
  };
  lesson(q.lesson, 'question "lesson"');
  if (!isText(q.taught)) fail(where, 'question needs "taught": the sentence of its lesson that teaches the answer');
  if (!isText(q.prompt)) fail(where, 'question needs a "prompt" string');
  if (!isText(q.why)) fail(where, 'question needs "why": why the right choice is right, shown after the check');
  if (!Array.isArray(q.choices) || q.choices.length < 3 || q.choices.length > 6)
    fail(where, 'question needs "choices": three to six of them');
  q.choices.forEach((c, i) => {
    const what = `choice ${i + 1}`;
    if (c === null || typeof c !== 'object') fail(where, `${what} must be an object`);
    if (!isText(c.text)) fail(where, `${what} needs "text"`);
    if (c.right === true) {
      only(c, ['text', 'right'], where, `${what} (the right one)`);
      return;
    }
    only(c, ['text', 'misconception', 'lesson'], where, what);
    if (!isText(c.misconception)) fail(where, `${what} is wrong, so it needs "misconception": the idea it stands for`);
    lesson(c.lesson, `${what}'s "lesson"`);
  });
  if (q.choices.filter((c) => c.right === true).length !== 1)
    fail(where, 'question needs exactly one choice with "right": true');
  if (q.engine !== undefined) {
    if (!Array.isArray(q.engine) || q.engine.length === 0)
      fail(where, 'question "engine" must be a non-empty list of [left, op, right] checks');
    q.engine.forEach((claim, i) => checkEngineClaim(claim, where, i));
  }
}

/**
 * The concept check from its Markdown: { title, summary, intro (HTML), concepts: [{ id, name }],
 * questions: [{ id, concept, lesson, taught, prompt, choices: [{ text, right, misconception,
 * lesson }], why, engine }] } with prompt, choices, misconceptions and why rendered to HTML.
 * slugs: the lessons' slugs, which every link must name.
 */
export function compileConceptCheck(text, file, slugs) {
  const { meta, body } = parseFrontMatter(text, file);
  const firstLine = text.slice(0, text.length - body.length).split('\n').length;
  const cursor = { index: 0 };
  let concepts = null;
  const questions = [];
  const marked = new Marked({ gfm: true });
  marked.use({ extensions: mathExtensions(file) });
  const phrase = (md) => marked.parseInline(md);
  const block = (md) => marked.parse(md);
  marked.use({
    renderer: {
      code(token) {
        const kind = (token.lang || '').trim();
        const line = lineOf(body, token.raw, cursor);
        const where = `${line === undefined ? file : `${file}:${line + firstLine - 1}`} (fence "${kind}")`;
        if (kind === 'concepts') {
          if (concepts) fail(where, 'a second concepts fence: list every concept in one');
          concepts = parseJsonFence(token.text, where, 'concepts');
          checkConcepts(concepts, where);
          return '';
        }
        if (kind === 'question') {
          if (!concepts) fail(where, 'a question before the concepts fence: list the concepts first');
          const q = parseJsonFence(token.text, where, 'question');
          checkQuestion(q, where, { concepts, slugs });
          if (questions.some((other) => other.id === q.id)) fail(where, `a second question with the id "${q.id}"`);
          questions.push({
            id: q.id,
            concept: q.concept,
            lesson: q.lesson,
            taught: q.taught,
            prompt: block(q.prompt),
            choices: q.choices.map((c) => ({
              text: phrase(c.text),
              right: c.right === true,
              ...(c.right ? {} : { misconception: phrase(c.misconception), lesson: c.lesson }),
            })),
            why: block(q.why),
            engine: q.engine ?? [],
          });
          return '';
        }
        fail(where, 'the concept check holds prose, one concepts fence and question fences only');
      },
    },
  });
  const intro = marked.parse(body);
  if (!concepts) fail(file, 'no concepts fence');
  if (questions.length < 5) fail(file, `only ${questions.length} questions; a concept check needs at least 5`);
  const unused = Object.keys(concepts).filter((c) => !questions.some((q) => q.concept === c));
  if (unused.length) fail(file, `no question on the concept${unused.length > 1 ? 's' : ''} ${unused.join(', ')}`);
  return {
    title: meta.title,
    summary: meta.summary ?? '',
    intro,
    concepts: Object.entries(concepts).map(([id, name]) => ({ id, name })),
    questions,
  };
}

/** content/concept-check.md compiled; throws naming the file and the fault. */
export function loadConceptCheck(file, slugs) {
  return compileConceptCheck(fs.readFileSync(file, 'utf8'), file, slugs);
}
