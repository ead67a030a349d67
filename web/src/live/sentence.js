// The sentence a live model is shown: a text box for the learner's own (its message beside it),
// a list of examples to pick from, and the model's words in a fold-out.
import { el, newId, attachMessage } from '../ui/dom.js';
import { select } from '../ui/controls.js';

/**
 * sentenceBox({ label, value, maxLength, onPick, after }) -> { field, input, message, examples,
 *   vocabulary, node (the box and the list of examples), vocabBox, setExamples(list) }
 * maxLength: the model's declared bound on the text (textMaxLength, state/model-options.js), so
 * the box takes no more than the engine reads; after: nodes beside the text box (a Translate
 * button); onPick(text) for a picked example.
 */
export function sentenceBox({ label, value, maxLength, onPick, after = [] }) {
  if (!(maxLength > 0)) throw new Error(`sentenceBox "${label}" needs the model's maxLength`);
  const id = newId('sentence');
  const input = el('input', {
    id,
    type: 'text',
    class: 'sentence-input',
    maxlength: String(maxLength),
    value,
    autocomplete: 'off',
    spellcheck: 'false',
    lang: 'en',
  });
  const field = el(
    'div',
    { class: 'field sentence-field' },
    el('label', { for: id }, label),
    after.length ? el('div', { class: 'sentence-row' }, input, ...after) : input,
  );
  const message = attachMessage(input, field);
  const examples = select({
    label: 'Or pick one',
    options: [],
    value: '',
    onChange(text) {
      if (!text) return;
      input.value = text;
      onPick(text);
    },
  });
  const vocabulary = el('div', { class: 'vocab-words' });
  return {
    input,
    message,
    examples,
    vocabulary,
    node: el('div', { class: 'controls' }, field, examples.node),
    vocabBox: el('details', { class: 'vocab-list' }, el('summary', {}, 'Words this model knows'), vocabulary),
    setExamples(list) {
      examples.input.replaceChildren(
        el('option', { value: '' }, '—'),
        ...list.map((x) => el('option', { value: x }, x)),
      );
    },
  };
}

/** "unknown word 'x'" -> "Unknown word 'x'": the engine's messages start lower case. */
export function capitalise(s) {
  const t = String(s || '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
