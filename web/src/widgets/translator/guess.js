// Predict, then check, inside the demo: before training, the learner guesses which English word
// the verb's row of cross-attention will look at most once the model has learned; when held-out
// accuracy first reaches the target, the engine's weights for the sentence shown answer it.
import { el, newId } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { roles } from '../../models/translator/roles.js';

const CHOICES = [
  { role: 'subject', label: 'the subject' },
  { role: 'verb', label: 'the English verb' },
  { role: 'object', label: 'the object' },
  { role: 'article', label: 'an article' },
];

export function guess() {
  const name = newId('guess');
  let picked = null;
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
    show({ now }, { reached }) {
      const r = roles(now.source, now.alignment);
      if (!r) return;
      const words = { subject: [r.subject], verb: [r.verb], object: [r.object], article: r.articles };
      labels.forEach((label, i) => {
        const ws = [...new Set(words[CHOICES[i].role].map((j) => now.source[j]))].join('/');
        label.lastChild.textContent = `${CHOICES[i].label} (“${ws}”)`;
      });
      const row = r.rowOf(r.verb);
      if (!reached || row < 0 || row >= now.output.length) return;
      // The largest single weight in the verb's row over the last layer's heads, by role.
      let best = null;
      now.cross.at(-1).forEach((rows, head) => {
        for (const c of CHOICES) {
          for (const j of words[c.role]) {
            const w = rows[row][j];
            if (!best || w > best.weight) best = { role: c.role, j, head, weight: w };
          }
        }
      });
      inputs.forEach((input) => (input.disabled = true));
      node.dataset.answer = best.role;
      const heads = now.cross.at(-1).length > 1 ? `, head ${best.head + 1}` : '';
      const verdict = !picked
        ? 'You did not guess this time.'
        : picked === best.role
          ? 'Your guess was right.'
          : `You guessed ${CHOICES.find((c) => c.role === picked).label}.`;
      answer.textContent =
        `Trained: writing “${now.output[row]}”, the verb's row puts the most weight, ${fmt(best.weight, 2, { fixed: true })}${heads}, ` +
        `on “${now.source[best.j]}” (${CHOICES.find((c) => c.role === best.role).label}). ${verdict} ` +
        'Its ending is another matter: see the call-outs below for where the verb finds the subject.';
    },
  };
}
