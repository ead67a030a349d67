// The concept check page (#/check): the questions of content/concept-check.md as one form, the
// answers kept as the attempt "before" or "after" the lessons (state/progress.js), and, once both
// are there, each concept's score before and after with the normalised gain (gain.js). After an
// attempt, each answer is gone through: a wrong choice names its misconception and links to the
// lesson that addresses it; the right answers themselves are shown after the "after" attempt
// only, so that seeing them cannot inflate a later measure.
import check from 'virtual:concept-check';
import { lessons } from 'virtual:lessons';
import { el, newId, messageLine, append, headerRow } from '../ui/dom.js';
import { html } from '../lesson/exercise.js';
import { compareAttempts, scoreAttempt, formatGain, percent } from './gain.js';
import './concept-check.css';

const NOT_SURE = -1;
const SLOT_WORDS = { before: 'before the lessons', after: 'after the lessons' };
const dateOf = (t) => new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function lessonLink(slug) {
  const lesson = lessons.find((l) => l.slug === slug);
  return lesson ? el('a', { href: `#/${slug}` }, `Lesson ${lesson.n}, ${lesson.title}`) : slug;
}

/** The table of scores: before alone, or before, after and the gain per concept and in all. */
function resultsTable(before, after) {
  if (!after) {
    const s = scoreAttempt(before, check);
    return el(
      'table',
      { class: 'cc-results' },
      el('caption', {}, `Your answers before the lessons (${dateOf(before.at)}): ${s.right} of ${s.asked} right`),
      headerRow(['Concept', 'Before'], 2, false),
      el(
        'tbody',
        {},
        s.concepts.map((c) =>
          el('tr', {}, el('th', { scope: 'row' }, c.name), el('td', {}, `${c.right} of ${c.asked}`)),
        ),
      ),
    );
  }
  const cmp = compareAttempts(before, after, check);
  if (!cmp.total) return el('p', {}, 'Your two attempts share no question, so they cannot be compared.');
  // Nothing to gain from 100%: a dash and why, never NaN.
  const gainCell = (g) =>
    el(
      'td',
      { class: 'cc-gain' },
      g.value === null ? ['—', el('span', { class: 'cc-gain-why' }, ` (${g.reason})`)] : formatGain(g),
    );
  return el(
    'table',
    { class: 'cc-results' },
    el(
      'caption',
      {},
      `Before (${dateOf(before.at)}) and after (${dateOf(after.at)}), over the ${cmp.asked} questions both attempts answered`,
    ),
    headerRow(['Concept', 'Before', 'After', 'Gain ⟨g⟩'], 4, false),
    el(
      'tbody',
      {},
      cmp.concepts.map((c) =>
        el(
          'tr',
          { dataset: { concept: c.id } },
          el('th', { scope: 'row' }, c.name),
          el('td', {}, percent(c.before)),
          el('td', {}, percent(c.after)),
          gainCell(c.gain),
        ),
      ),
    ),
    el(
      'tfoot',
      {},
      el(
        'tr',
        { class: 'cc-total' },
        el('th', { scope: 'row' }, 'All questions'),
        el('td', {}, percent(cmp.total.before)),
        el('td', {}, percent(cmp.total.after)),
        gainCell(cmp.total.gain),
      ),
    ),
  );
}

function gainSentence(before, after) {
  const cmp = compareAttempts(before, after, check);
  if (!cmp.total) return null;
  const g = cmp.total.gain;
  return el(
    'p',
    { class: 'cc-gain-line' },
    g.value === null
      ? 'No gain to measure: you answered every question right before the lessons, so there was nothing left to gain.'
      : g.value >= 0
        ? `Your normalised gain is ⟨g⟩ = ${formatGain(g)}: of what you did not know before, you now know ${percent(g.value)}.`
        : `Your normalised gain is ⟨g⟩ = ${formatGain(g)}: fewer answers were right after than before.`,
    ' ',
    el(
      'span',
      { class: 'widget-note' },
      '⟨g⟩ = (after − before) / (100% − before). For comparison, Hake (1998) measured an average of 0.23 in ' +
        'traditional physics courses and 0.48 in courses with interactive engagement.',
    ),
  );
}

/** Each answer of an attempt, gone through: right, or the misconception and its lesson. */
function answersReview(attempt, slot, { open }) {
  const showRight = slot === 'after';
  const items = check.questions
    .filter((q) => attempt.answers[q.id])
    .map((q) => {
      const { choice, right } = attempt.answers[q.id];
      const picked = q.choices[choice];
      const verdict = right
        ? el('p', { class: 'cc-verdict', dataset: { kind: 'right' } }, 'Right.')
        : picked && !picked.right
          ? el(
              'p',
              { class: 'cc-verdict', dataset: { kind: 'wrong' } },
              'You chose “',
              html('span', '', picked.text),
              '”, the idea that ',
              html('span', 'cc-misconception', picked.misconception),
              '. See ',
              lessonLink(picked.lesson),
              '.',
            )
          : el(
              'p',
              { class: 'cc-verdict', dataset: { kind: 'unsure' } },
              choice === NOT_SURE ? 'You were not sure. See ' : 'This question has changed since you answered it. See ',
              lessonLink(q.lesson),
              '.',
            );
      const rightChoice = q.choices.find((c) => c.right);
      return el(
        'li',
        { dataset: { question: q.id } },
        html('div', 'cc-review-prompt', q.prompt),
        verdict,
        showRight && !right ? el('p', {}, 'The answer: “', html('span', '', rightChoice.text), '”.') : null,
        showRight ? html('div', 'cc-why', q.why) : null,
      );
    });
  return el(
    'details',
    { class: 'cc-answers', open },
    el('summary', {}, `Your answers ${SLOT_WORDS[slot]}, one by one`),
    showRight
      ? null
      : el(
          'p',
          { class: 'widget-note' },
          'The right answers are shown after your second attempt, so that they cannot make it look better than what you learned.',
        ),
    el('ol', {}, items),
  );
}

/** mountCheckPage(article, { progress, headingId }) -> { ready, destroy() } */
export function mountCheckPage(article, { progress, headingId }) {
  const results = el('section', { class: 'cc-summary', 'aria-labelledby': newId('cc-results') });
  const form = el('form', { class: 'cc-form', novalidate: true });
  const formHeading = el('h2', { id: newId('cc-form') }, `The ${check.questions.length} questions`);

  function renderResults({ justTook = null } = {}) {
    const before = progress.attempt('before');
    const after = progress.attempt('after');
    const heading = el('h2', { id: results.getAttribute('aria-labelledby'), tabindex: '-1' }, 'Your results');
    if (!before && !after) {
      results.replaceChildren(
        heading,
        el(
          'p',
          {},
          'You have not taken the check yet. Take it now, before lesson 1, and again once you have worked through the lessons.',
        ),
      );
      return heading;
    }
    const latest = justTook ?? (after ? 'after' : 'before');
    results.replaceChildren();
    append(results, [
      heading,
      before
        ? resultsTable(before, after)
        : el(
            'p',
            {},
            'You have answered the check after the lessons only; with no answers from before, there is no gain to show.',
          ),
      before && after ? gainSentence(before, after) : null,
      before && !after
        ? el('p', {}, 'Take the check again once you have worked through the lessons to see what you gained.')
        : null,
      answersReview(progress.attempt(latest), latest, { open: justTook !== null }),
    ]);
    return heading;
  }

  // The questions: one group of radio buttons each, with "Not sure yet" as the last choice.
  const groups = check.questions.map((q, i) => {
    const titleId = newId('cc-q');
    const promptId = newId('cc-p');
    const name = newId('cc-choice');
    const options = [
      ...q.choices.map((c, j) => ({ value: j, text: c.text })),
      { value: NOT_SURE, text: 'Not sure yet' },
    ];
    const group = el(
      'div',
      { role: 'radiogroup', class: 'cc-choices', 'aria-labelledby': `${titleId} ${promptId}` },
      options.map((o) =>
        el(
          'label',
          { class: 'choice' },
          el('input', { type: 'radio', name, value: String(o.value) }),
          ' ',
          o.value === NOT_SURE ? el('span', { class: 'cc-unsure' }, o.text) : html('span', '', o.text),
        ),
      ),
    );
    // Framed and titled as the lessons' exercises are.
    const node = el(
      'section',
      { class: 'exercise-mount cc-question', dataset: { question: q.id } },
      el('h3', { id: titleId, class: 'exercise-title' }, `Question ${i + 1} of ${check.questions.length}`),
      html('div', 'cc-prompt', q.prompt),
      group,
    );
    node.querySelector('.cc-prompt').id = promptId;
    return { q, node, picked: () => group.querySelector('input:checked') };
  });

  const slotName = newId('cc-slot');
  const defaultSlot = progress.attempt('before') ? 'after' : 'before';
  const slots = el(
    'fieldset',
    { class: 'cc-slot choice-box' },
    el('legend', {}, 'Count these answers as'),
    ['before', 'after'].map((slot) =>
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'radio', name: slotName, value: slot, checked: slot === defaultSlot }),
        ` ${SLOT_WORDS[slot]}`,
      ),
    ),
  );
  const slotNote = el('p', { class: 'widget-note' });
  const sayReplaces = () => {
    const slot = slots.querySelector('input:checked').value;
    const there = progress.attempt(slot);
    slotNote.textContent = there
      ? `These answers will replace your answers ${SLOT_WORDS[slot]} of ${dateOf(there.at)}.`
      : '';
  };
  slots.addEventListener('change', sayReplaces);
  sayReplaces();

  const submit = el('button', { type: 'submit', class: 'button primary' }, 'Submit my answers');
  const message = messageLine();
  form.append(
    slots,
    slotNote,
    ...groups.map((g) => g.node),
    el('div', { class: 'exercise-actions' }, submit),
    message.node,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const missing = groups.find((g) => !g.picked());
    if (missing) {
      const n = groups.indexOf(missing) + 1;
      message.show(`Question ${n} has no answer yet: pick one, or “Not sure yet”.`);
      missing.node.querySelector('input').focus();
      return;
    }
    message.show('');
    const answers = {};
    for (const g of groups) {
      const choice = Number(g.picked().value);
      answers[g.q.id] = { choice, right: choice !== NOT_SURE && g.q.choices[choice].right === true };
    }
    const slot = slots.querySelector('input:checked').value;
    progress.saveAttempt(slot, answers);
    for (const g of groups) g.picked().checked = false;
    // The next attempt is most likely the one after the lessons.
    slots.querySelector('input[value="after"]').checked = true;
    sayReplaces();
    renderResults({ justTook: slot }).focus();
  });

  renderResults();
  article.replaceChildren(
    el('h1', { id: headingId, tabindex: '-1' }, check.title),
    html('div', 'cc-intro', check.intro),
    results,
    el('section', { class: 'cc-take', 'aria-labelledby': formHeading.id }, formHeading, form),
  );
  return { ready: Promise.resolve(), destroy() {} };
}
