// Fresh numbers for an exercise that comes back for review: an exercise fence may declare how its
// example varies ("vary"), and the review page asks it again with other numbers, whose answer the
// engine computes, so the learner recalls the idea rather than the number.
//
//     "vary": {
//       "values": { "a": { "int": [4, 9], "was": 8 }, "b": { "pick": [0, 1, 2, 3], "was": 2 }, ... },
//       "distinct": ["a", "b", "c"],            (optional: these values all differ)
//       "order": [["b", "<", "a"]],             (optional: comparisons the values keep)
//       "prompt": "What weight does softmax give to the score {a} in [{a}, {b}, {c}]? Two decimals.",
//       "args": [[{ "$": "a" }, { "$": "b" }, { "$": "c" }]],
//       "answer": "[{p}][0]",                   (optional: when the answer path moves with a value)
//       "hint": "...",                          (optional, may name values)
//       "misconceptions": [{ "call": ..., "args": [..{ "$": "b" }..], "answer": ..., "feedback": "That is the weight of {b}." }]
//     }
//
// Each value's "was" is the lesson's own number: filled with those, the templates must give the
// exercise's prompt, args and answer exactly (the build checks it, so a template cannot drift from
// its exercise). The worked explanation and the literal misconceptions belong to the lesson's
// numbers and are left out of a variant; misconceptions the engine computes can be restated here.
import { expectedAnswer, engineValue, misconceptionValues } from '../lesson/exercise.js';

const NAME = /^[a-z][a-z0-9]{0,15}$/;
const PLACEHOLDER = /\{([a-z][a-z0-9]{0,15})\}/g;
const MINUS = '\u2212';
const MAX_TRIES = 60;
const OPS = { '<': (x, y) => x < y, '>': (x, y) => x > y, '<=': (x, y) => x <= y, '>=': (x, y) => x >= y };

/** A number as the lessons write it: a true minus sign, and thousands grouped when asked ("1,000"). */
export function formatValue(x, group = false) {
  const digits = group ? Math.abs(x).toLocaleString('en-US', { maximumFractionDigits: 12 }) : String(Math.abs(x));
  return x < 0 ? `${MINUS}${digits}` : digits;
}

/** The text with each {name} replaced by its value (values: { name: number }). */
export function fillText(text, values, spec) {
  return text.replace(PLACEHOLDER, (m, name) =>
    Object.hasOwn(values, name) ? formatValue(values[name], spec?.values?.[name]?.group === true) : m,
  );
}

/** A JSON value with each { "$": name } replaced by that value. */
export function fillArgs(value, values) {
  if (Array.isArray(value)) return value.map((v) => fillArgs(v, values));
  if (value === null || typeof value !== 'object') return value;
  if (Object.hasOwn(value, '$') && Object.keys(value).length === 1) return values[value.$];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillArgs(v, values)]));
}

function placeholdersIn(value, out = new Set()) {
  if (typeof value === 'string') for (const m of value.matchAll(PLACEHOLDER)) out.add(m[1]);
  else if (Array.isArray(value)) value.forEach((v) => placeholdersIn(v, out));
  else if (value !== null && typeof value === 'object') {
    if (Object.hasOwn(value, '$') && Object.keys(value).length === 1) out.add(value.$);
    else Object.values(value).forEach((v) => placeholdersIn(v, out));
  }
  return out;
}

const wasValues = (vary) => Object.fromEntries(Object.entries(vary.values).map(([k, v]) => [k, v.was]));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The problems of an exercise's "vary" (the build fails on the first): [] when it is sound.
 * `ex` is the fence as written (Markdown prompt), before rendering.
 */
export function varyProblems(ex) {
  const v = ex.vary;
  const out = [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return ['"vary" must be an object'];
  if (ex.call === undefined)
    return ['"vary" is for exercises the engine checks (a "call"): a question about an idea has no numbers to vary'];
  const allowed = ['values', 'distinct', 'order', 'prompt', 'args', 'answer', 'hint', 'misconceptions'];
  const extra = Object.keys(v).find((k) => !allowed.includes(k));
  if (extra !== undefined) out.push(`"vary" has a key "${extra}" (it takes ${allowed.join(', ')})`);
  const values = v.values;
  if (values === null || typeof values !== 'object' || Object.keys(values).length === 0)
    return [...out, '"vary.values" must name at least one value: { "a": { "int": [lo, hi], "was": n } }'];
  for (const [name, d] of Object.entries(values)) {
    const at = `"vary.values.${name}"`;
    if (!NAME.test(name)) out.push(`${at}: a value's name is a lower-case letter and up to 15 letters or digits`);
    if (d === null || typeof d !== 'object') {
      out.push(`${at} must be an object`);
      continue;
    }
    const kinds = ['int', 'pick'].filter((k) => d[k] !== undefined);
    if (kinds.length !== 1) out.push(`${at} needs exactly one of "int": [lo, hi] or "pick": [numbers]`);
    if (d.int !== undefined) {
      const [lo, hi] = Array.isArray(d.int) ? d.int : [];
      if (!(d.int.length === 2 && Number.isInteger(lo) && Number.isInteger(hi) && lo < hi && hi - lo <= 10000))
        out.push(`${at}.int must be [lo, hi], whole numbers with lo < hi, at most 10,000 apart`);
      else if (!(Number.isInteger(d.was) && d.was >= lo && d.was <= hi))
        out.push(`${at}.was must be the lesson's number, a whole number from ${lo} to ${hi}`);
    }
    if (d.pick !== undefined) {
      if (!(Array.isArray(d.pick) && d.pick.length >= 2 && d.pick.length <= 100 && d.pick.every(Number.isFinite)))
        out.push(`${at}.pick must be a list of 2 to 100 numbers`);
      else if (!d.pick.includes(d.was)) out.push(`${at}.was must be the lesson's number, one of its "pick"`);
    }
    if (d.group !== undefined && typeof d.group !== 'boolean') out.push(`${at}.group must be true or false`);
    const extraKey = Object.keys(d).find((k) => !['int', 'pick', 'was', 'group'].includes(k));
    if (extraKey !== undefined) out.push(`${at} has a key "${extraKey}"`);
  }
  if (out.length) return out;
  const names = Object.keys(values);
  const known = (n) => names.includes(n);
  if (v.distinct !== undefined && !(Array.isArray(v.distinct) && v.distinct.length >= 2 && v.distinct.every(known)))
    out.push('"vary.distinct" must list at least two of the values');
  for (const rule of v.order ?? []) {
    if (!(Array.isArray(rule) && rule.length === 3 && known(rule[0]) && OPS[rule[1]] && known(rule[2])))
      out.push(`"vary.order" rule ${JSON.stringify(rule)} must be [value, "<" | ">" | "<=" | ">=", value]`);
  }
  if (typeof v.prompt !== 'string' || typeof v.args === 'undefined')
    return [...out, '"vary" needs "prompt" (the prompt with {value} in place of its numbers) and "args"'];
  const used = placeholdersIn([v.prompt, v.args, v.answer ?? '', v.hint ?? '', v.misconceptions ?? []]);
  for (const name of used) if (!known(name)) out.push(`"vary" uses {${name}}, which "vary.values" does not declare`);
  for (const name of names) {
    if (!placeholdersIn(v.prompt).has(name))
      out.push(`"vary.values.${name}" is not in "vary.prompt": a learner could not see the number that changed`);
  }
  if (out.length) return out;
  const was = wasValues(v);
  const prompt = fillText(v.prompt, was, v);
  if (prompt !== ex.prompt)
    out.push(`"vary.prompt" with the lesson's numbers must be the exercise's prompt: it gives "${prompt}"`);
  if (!same(fillArgs(v.args, was), ex.args))
    out.push(
      `"vary.args" with the lesson's numbers must be the exercise's args: it gives ${JSON.stringify(fillArgs(v.args, was))}`,
    );
  if (v.answer !== undefined && fillText(v.answer, was) !== ex.answer)
    out.push(`"vary.answer" with the lesson's numbers must be the exercise's answer path "${ex.answer}"`);
  if (v.hint !== undefined && typeof v.hint !== 'string') out.push('"vary.hint" must be a string');
  if (v.misconceptions !== undefined && !Array.isArray(v.misconceptions))
    out.push('"vary.misconceptions" must be a list like the exercise\'s');
  return out;
}

/** A small fast generator of numbers in [0, 1) from a seed (mulberry32), the same in every browser. */
export function seededRandom(seed) {
  let h = 1779033703 ^ String(seed).length;
  for (const ch of String(seed)) {
    h = Math.imul(h ^ ch.charCodeAt(0), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(vary, random) {
  const values = {};
  for (const [name, d] of Object.entries(vary.values)) {
    values[name] = d.int
      ? d.int[0] + Math.floor(random() * (d.int[1] - d.int[0] + 1))
      : d.pick[Math.floor(random() * d.pick.length)];
  }
  return values;
}

function keepsRules(vary, values) {
  if (vary.distinct && new Set(vary.distinct.map((n) => values[n])).size !== vary.distinct.length) return false;
  return (vary.order ?? []).every(([a, op, b]) => OPS[op](values[a], values[b]));
}

/** The exercise with these values in place of the lesson's: prompt and hint as rendered HTML. */
export function fillExercise(ex, values) {
  const v = ex.vary;
  const misconceptions = (v.misconceptions ?? []).map((m) => ({
    ...m,
    args: m.args === undefined ? undefined : fillArgs(m.args, values),
    answer: m.answer === undefined ? undefined : fillText(m.answer, values),
    feedback: fillText(m.feedback, values, v),
  }));
  return {
    ...ex,
    prompt: fillText(v.prompt, values, v),
    args: fillArgs(v.args, values),
    answer: v.answer === undefined ? ex.answer : fillText(v.answer, values),
    hint: v.hint ? fillText(v.hint, values, v) : '',
    explain: '',
    misconceptions: misconceptions.length ? misconceptions : undefined,
    vary: undefined,
    values,
  };
}

/**
 * A variant of the exercise (rendered, as the lesson module holds it) with new numbers, drawn
 * from `seed` (the same seed gives the same variant: a reload asks the same question), or null
 * when it declares no variation or none of the draws makes a fair question. A fair question's
 * numbers differ from the lesson's, the engine answers it with a finite number, its right choice
 * wins clearly, and no misconception's number could be taken for the right answer.
 */
export function variant(ex, engine, seed) {
  if (!ex.vary) return null;
  const random = seededRandom(seed);
  const was = wasValues(ex.vary);
  for (let i = 0; i < MAX_TRIES; i++) {
    const values = draw(ex.vary, random);
    if (same(values, was) || !keepsRules(ex.vary, values)) continue;
    const spec = fillExercise(ex, values);
    try {
      const want = expectedAnswer(engine, spec);
      if (spec.choices) {
        const scores = engineValue(engine, spec);
        const sorted = [...scores].sort((x, y) => y - x);
        if (!(sorted[0] - sorted[1] > 1e-6 * Math.max(1, Math.abs(sorted[0])))) continue;
      } else {
        if (Math.abs(want) >= 1e12) continue;
        const clash = misconceptionValues(engine, spec).some((m) => Math.abs(m.value - want) <= m.tolerance);
        if (clash) continue;
      }
      return spec;
    } catch {
      // an engine error for these numbers (a zero vector's cosine, say): draw again
    }
  }
  return null;
}
