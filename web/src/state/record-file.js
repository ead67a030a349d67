// The learner's record as a JSON file: what a learner takes to another browser, or hands to a
// teacher. An imported file is input like a text box: it is checked part by part against the same
// schema the stored record is read through (record-parts.js), and refused naming the first thing
// wrong, rather than kept in part as a damaged stored value is.
import { readContents } from './progress.js';
import { isObject } from './record-parts.js';

export const RECORD_FORMAT = 'self-attention-live-record';
export const RECORD_VERSION = 1;
// A full record (every lesson, exercise and review item, both attempts) is under 20 kB.
export const MAX_RECORD_BYTES = 1024 * 1024;
const FIELDS = ['format', 'version', 'exported', 'visited', 'solved', 'check', 'review'];

/** The file's text for a record's contents (progress.contents()); `now` in ms. */
export function recordToJson(contents, now) {
  return `${JSON.stringify(
    { format: RECORD_FORMAT, version: RECORD_VERSION, exported: new Date(now).toISOString(), ...contents },
    null,
    1,
  )}\n`;
}

/** A file's text -> { ok: true, contents } or { ok: false, message } naming the first problem. */
export function parseRecord(text) {
  const refuse = (message) => ({ ok: false, message });
  if (typeof text !== 'string' || text.trim() === '') return refuse('the file is empty');
  if (text.length > MAX_RECORD_BYTES) return refuse('the file is larger than 1 MB; a record is far smaller');
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return refuse('the file is not JSON');
  }
  if (!isObject(data) || data.format !== RECORD_FORMAT)
    return refuse(`this is not a record of this tutorial (its "format" is not "${RECORD_FORMAT}")`);
  if (data.version !== RECORD_VERSION) {
    return Number.isInteger(data.version) && data.version > RECORD_VERSION
      ? refuse(
          `it was saved by a newer version of the tutorial (record version ${data.version}); this one reads version ${RECORD_VERSION}`,
        )
      : refuse(`its "version" must be ${RECORD_VERSION}`);
  }
  const extra = Object.keys(data).find((k) => !FIELDS.includes(k));
  if (extra !== undefined) return refuse(`it has a part "${extra}" that a record does not have`);
  if (data.exported !== undefined && !(typeof data.exported === 'string' && !Number.isNaN(Date.parse(data.exported))))
    return refuse('its "exported" must be a date');
  const problems = [];
  const contents = readContents(data, problems);
  if (problems.length) return refuse(problems[0]);
  return { ok: true, contents };
}

const count = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 lessons visited, 5 exercises solved, the concept check before and after, 8 review items" */
export function describeContents(c) {
  const taken = ['before', 'after'].filter((s) => c.check[s]);
  return [
    `${count(Object.keys(c.visited).length, 'lesson')} visited`,
    `${count(Object.keys(c.solved).length, 'exercise')} solved`,
    taken.length ? `the concept check ${taken.join(' and ')}` : 'no concept check',
    count(Object.keys(c.review).length, 'review item'),
  ].join(', ');
}
