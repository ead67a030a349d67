// Lesson 10's in-widget prediction: its answer comes from the held-out figures of the step at
// which the target was first reached (the milestone's grid entry), labelled with that step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerOf, verdictText } from '../../web/src/widgets/translator/guess.js';
import { untrainedRows } from '../../web/src/widgets/translator/untrained.js';

const hit = { step: 400, exactMatch: 0.98, verbOnVerb: 0.898, verbOnSubject: 0.014 };

test('the answer is the word holding more than half the verb row on average, or none', () => {
  assert.equal(answerOf(hit), 'verb');
  assert.equal(answerOf({ verbOnVerb: 0.2, verbOnSubject: 0.7 }), 'subject');
  assert.equal(answerOf({ verbOnVerb: 0.4, verbOnSubject: 0.3 }), null);
});

test('the verdict names its step and figures, and judges the guess against them', () => {
  const text = verdictText(hit, 'subject');
  assert.match(text, /^At step 400, when 98(\.0)?% of the held-out sentences first came out exactly right/);
  assert.match(text, /0\.90 on the English verb and 0\.01 on the subject/);
  assert.match(text, /The answer: the English verb\. You guessed the subject\./);
  assert.match(verdictText(hit, 'verb'), /Your guess was right\./);
  assert.match(verdictText(hit, null), /You did not guess this time\./);
  const none = verdictText({ ...hit, verbOnVerb: 0.4 }, 'verb');
  assert.match(none, /neither answer is confirmed/);
  assert.doesNotMatch(none, /guess was right|You guessed/);
});

test("the untrained map's note says its rows are the untrained model's own words", () => {
  assert.equal(untrainedRows({ output: ['a', 'b'], reference: ['a', 'b'] }), '');
  assert.match(
    untrainedRows({ output: ['x', 'y', 'z'], reference: ['a', 'b'] }),
    /\(3 words where the translation has 2\)/,
  );
  assert.match(
    untrainedRows({ output: ['x', 'y'], reference: ['a', 'b'] }),
    /\(2 words, as many as the translation has\)/,
  );
});
