// The translator's lexicon file (content/translation/lexicon.txt) as text: Unicode NFC, checked
// with the JS engine's own normaliser rather than the C++ parser's nukta rules, and every
// Hindi word in its field (Devanagari, then a romanisation without Devanagari).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const text = readFileSync(new URL('../../content/translation/lexicon.txt', import.meta.url), 'utf8');
const entries = text
  .split('\n')
  .map((line, i) => ({ line: i + 1, fields: line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean) }))
  .filter((e) => e.fields.length > 0);
const devanagari = /^[\u0900-\u097F]+$/;
const noDevanagari = /^[^\u0900-\u097F]+$/;

test('the lexicon is Unicode NFC, line by line', () => {
  text.split('\n').forEach((line, i) => {
    assert.equal(line, line.normalize('NFC'), `line ${i + 1} is not NFC: ${line}`);
  });
});

test('each Hindi word is Devanagari followed by its romanisation', () => {
  // The Hindi fields of each kind of entry, as (Devanagari, roman) index pairs.
  const hindiFields = {
    auxiliary: [[1, 2]],
    subject: [[2, 3]],
    object: [[2, 3]],
    verb: [
      [2, 3],
      [4, 5],
    ],
    adjective: [
      [2, 3],
      [4, 5],
    ],
  };
  let words = 0;
  for (const { line, fields } of entries) {
    for (const [d, r] of hindiFields[fields[0]] ?? []) {
      if (fields[0] === 'adjective' && fields[d] === 'describes') continue; // invariable
      assert.match(fields[d], devanagari, `line ${line}: ${fields[d]}`);
      assert.match(fields[r], noDevanagari, `line ${line}: ${fields[r]}`);
      words += 1;
    }
  }
  // है + 6 subjects + 8 objects + 8 verbs x 2 + 5 adjectives x 2 + लाल + सुंदर.
  assert.equal(words, 1 + 6 + 8 + 16 + 10 + 2);
});

test('the nukta letters are written as letter + U+093C, as NFC requires', () => {
  // ड़ in लड़का, बड़ा; ढ़ in पढ़ता; ख़ in ख़रीदता: never the precomposed U+0958-U+095F.
  assert.doesNotMatch(text, /[\u0958-\u095F]/);
  for (const word of [
    '\u0932\u0921\u093C\u0915\u093E',
    '\u092A\u0922\u093C\u0924\u093E',
    '\u0916\u093C\u0930\u0940\u0926\u0924\u093E',
  ]) {
    assert.ok(text.includes(word), `${word} is in the lexicon`);
  }
});
