// Predict, then check, inside the demo: before training, the learner guesses which English word
// the verb's row of cross-attention will look at most once the model has learned. The answer is
// taken once, from the held-out figures of the first evaluated step at the target (the
// milestone's grid entry: the engine's attention report, held-out means, best head of the last
// layer), and then kept: one sentence's weights, or a later step's, can tip from one word to
// another, and a verdict that changed whenever the learner looked again would teach nothing.
import { el, newId } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { roles } from '../../models/translator/roles.js';

const CHOICES = [
  { role: 'subject', label: 'the subject' },
  { role: 'verb', label: 'the English verb' },
  { role: 'object', label: 'the object' },
  { role: 'article', label: 'an article' },
];
const labelOf = (role) => CHOICES.find((c) => c.role === role).label;

/**
 * The answer a grid entry gives: the word that holds more than half the verb's row on average
 * (then no other word in that head can hold more), or null when neither measured word does.
 */
export function answerOf({ verbOnVerb, verbOnSubject }) {
  if (verbOnVerb > 0.5) return 'verb';
  if (verbOnSubject > 0.5) return 'subject';
  return null;
}

/** The verdict's words for a grid entry `hit` and the learner's pick (a role, or null). */
export function verdictText(hit, picked) {
  const two = (x) => fmt(x, 2, { fixed: true });
  const answer = answerOf(hit);
  const when =
    `At step ${hit.step.toLocaleString('en')}, when ${fmt(100 * hit.exactMatch, 1)}% of the held-out sentences first came out exactly right, ` +
    `the verb's row put on average ${two(hit.verbOnVerb)} on the English verb and ${two(hit.verbOnSubject)} on the subject ` +
    '(held-out sentences, the best head of the last layer).';
  const said = answer
    ? ` The answer: ${labelOf(answer)}.`
    : ' No single word held more than half the row, so neither answer is confirmed.';
  const verdict = !picked
    ? ' You did not guess this time.'
    : !answer
      ? ''
      : picked === answer
        ? ' Your guess was right.'
        : ` You guessed ${labelOf(picked)}.`;
  return (
    when +
    said +
    verdict +
    ' This answer is kept from that step; the maps and call-outs below show the sentence on screen now, where one sentence can differ.'
  );
}

export function guess() {
  const name = newId('guess');
  let picked = null;
  let answeredAt = null; // the grid entry the answer was taken from
  const inputs = CHOICES.map((c) => el('input', { type: 'radio', name, value: c.role }));
  const labels = CHOICES.map((c, i) => el('label', { class: 'guess-choice' }, inputs[i], ' ', el('span', {}, c.label)));
  const answer = el('p', { class: 'guess-answer', 'aria-live': 'polite' });
  const node = el(
    'fieldset',
    { class: 'guess' },
    el(
      'legend',
      {},
      'Predict, then check: once trained, which English word will the row of the Hindi verb look at most?',
    ),
    el('div', { class: 'guess-choices' }, labels),
    answer,
  );
  for (const input of inputs) {
    input.addEventListener('change', () => {
      picked = input.value;
      node.dataset.picked = picked;
      answer.textContent = 'Noted. Train until the held-out sentences come out right; the answer appears here.';
    });
  }
  return {
    node,
    /** reached: the milestone's grid entry (null until the target is reached, and after a new run). */
    show({ now }, { reached }) {
      const r = roles(now.source, now.alignment);
      if (r) {
        const words = { subject: [r.subject], verb: [r.verb], object: [r.object], article: r.articles };
        labels.forEach((label, i) => {
          const ws = [...new Set(words[CHOICES[i].role].map((j) => now.source[j]))].join('/');
          label.lastChild.textContent = `${CHOICES[i].label} (“${ws}”)`;
        });
      }
      if (!reached) {
        if (answeredAt) {
          // A new run: the question is open again.
          answeredAt = null;
          inputs.forEach((input) => (input.disabled = false));
          delete node.dataset.answer;
          delete node.dataset.answerStep;
          answer.textContent = picked
            ? 'Noted. Train until the held-out sentences come out right; the answer appears here.'
            : '';
        }
        return;
      }
      if (answeredAt === reached) return;
      answeredAt = reached;
      inputs.forEach((input) => (input.disabled = true));
      node.dataset.answer = answerOf(reached) ?? 'none';
      node.dataset.answerStep = String(reached.step);
      answer.textContent = verdictText(reached, picked);
    },
  };
}
