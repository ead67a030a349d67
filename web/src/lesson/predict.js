// A ```predict``` block: predict first, then check. The learner commits to a guess (which word
// gets the most weight, which way a number moves, roughly how big it is) before anything is
// shown; then the ENGINE computes the answer and the page says how close the guess was.
// Learners who predict before they look remember and understand more than those who only read.
import { el, newId, attachMessage } from '../ui/dom.js';
import { fmt, fmtDecimal } from '../ui/format.js';
import { engineValue, parseAnswer, html, ANSWER_CHARS } from './exercise.js';

const SAME = 1e-9; // a change smaller than this counts as "no change"

function number(value, what) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} is not a finite number`);
  return value;
}

/**
 * The answer, computed by the engine:
 * choice -> { index, values }; sign -> { index (0 up, 1 down, 2 same), value, before, after };
 * number -> { value }.
 */
export function predictAnswer(engine, p) {
  const checked = engineValue(engine, p.check);
  if (p.kind === 'choice') {
    if (!Array.isArray(checked) || checked.length !== p.choices.length) {
      throw new Error(`"${p.check.answer}" must be a list of ${p.choices.length} numbers, one per choice`);
    }
    let index = 0;
    checked.forEach((v, i) => {
      if (number(v, `entry ${i + 1}`) > checked[index]) index = i;
    });
    return { index, values: checked };
  }
  const after = number(checked, `"${p.check.answer}"`);
  const before = p.baseline ? number(engineValue(engine, p.baseline), `"${p.baseline.answer}"`) : 0;
  const value = after - before;
  if (p.kind === 'number') return { value: after, before, change: value };
  const tol = p.tolerance ?? SAME;
  return { index: value > tol ? 0 : value < -tol ? 1 : 2, value, before, after };
}

/** How the guess compares with the answer, in a sentence. */
export function verdict(p, guess, answer) {
  const d = p.digits ?? 3;
  if (p.kind === 'choice') {
    const best = `“${p.choices[answer.index]}” gets the most, ${fmt(answer.values[answer.index], d, { fixed: true })}`;
    if (guess === answer.index) return { right: true, text: `Right: ${best}.` };
    const gap = answer.values[answer.index] - answer.values[guess];
    return {
      right: false,
      text:
        `Not this time: ${best}. Your pick, “${p.choices[guess]}”, gets ` +
        `${fmt(answer.values[guess], d, { fixed: true })}, ${fmt(gap, d, { fixed: true })} less.`,
    };
  }
  if (p.kind === 'sign') {
    // Decimals, however small the change: a learner reads "0.00033", not "3.285e−4".
    const change =
      answer.index === 2
        ? 'no difference'
        : `a difference of ${answer.value > 0 ? '+' : ''}${fmtDecimal(answer.value, d)}`;
    // Without a baseline the question is the sign of the checked number itself (a gradient).
    const how = p.baseline
      ? `${p.baseline.label ?? 'before'}: ${fmtDecimal(answer.before, d)}; ` +
        `${p.check.label ?? 'after'}: ${fmtDecimal(answer.after, d)} (${change})`
      : `${p.check.label ?? 'the engine'} gives ${answer.value > 0 ? '+' : ''}${fmtDecimal(answer.after, d)}`;
    if (guess === answer.index) return { right: true, text: `Right: ${how}.` };
    return { right: false, text: `Not this time: ${how}. You said “${p.choices[guess]}”.` };
  }
  const off = Math.abs(guess - answer.value);
  const scale = Math.max(Math.abs(answer.value), 1e-12);
  const tol = p.tolerance ?? 0;
  const closeness =
    off <= tol
      ? 'Spot on'
      : off <= 0.25 * scale
        ? `Close: ${fmt((100 * off) / scale, 2)}% off`
        : `Off by ${fmt(off, d)}${answer.value !== 0 ? ` (${fmt(off / scale, 2)} times the answer)` : ''}`;
  return {
    right: off <= tol,
    close: off <= 0.25 * scale,
    text: `${closeness}. The engine gets ${fmt(answer.value, d)}; you guessed ${fmt(guess, d)}.`,
  };
}

/** What the learner was told when they looked without guessing: the answer, no verdict. */
export function shownWithoutGuess(p, answer) {
  const d = p.digits ?? 3;
  if (p.kind === 'choice')
    return `No guess this time: “${p.choices[answer.index]}” gets the most, ${fmt(answer.values[answer.index], d, { fixed: true })}.`;
  if (p.kind === 'sign') return `No guess this time: the answer is “${p.choices[answer.index]}”.`;
  return `No guess this time: the engine gets ${fmt(answer.value, d)}.`;
}

/**
 * mountPredict(section, p, { engine, cover, open, onAnswered }): engine may be a Promise (the wasm
 * is still loading). cover, when the fence has "covers": the part of the lesson that gives the
 * answer away; it stays hidden (out of sight and out of the accessibility tree) until the guess is
 * locked in or the learner asks to see it anyway. open: show it from the start (a link to a
 * figure under it), the guess still open. onAnswered(right) hears each guess locked in (right or
 * close counts as right; "Show me anyway" is not a guess), for the review schedule.
 */
export function mountPredict(section, p, { engine, cover = null, open: openAtStart = false, onAnswered = () => {} }) {
  const titleId = newId('predict');
  section.setAttribute('aria-labelledby', titleId);
  const heading = el('h3', { class: 'exercise-title predict-title', id: titleId }, 'Predict, then check');
  const prompt = html('div', 'exercise-prompt predict-prompt', p.prompt);
  const form = el('form', { class: 'exercise-form predict-form', novalidate: true });
  const result = el('p', { class: 'exercise-feedback predict-result', role: 'status', 'aria-live': 'polite' });
  const explain = p.explain ? html('div', 'exercise-explain predict-explain', p.explain) : null;
  if (explain) explain.hidden = true;

  let readGuess;
  let inputs = [];
  if (p.kind === 'number') {
    const id = newId('guess');
    const input = el('input', {
      id,
      type: 'text',
      inputmode: 'text',
      autocomplete: 'off',
      class: 'number-input',
      maxlength: String(ANSWER_CHARS),
      size: 10,
    });
    const message = attachMessage(input, null);
    form.append(el('label', { for: id }, 'Your guess'), ' ', input, message.node);
    inputs = [input];
    readGuess = () => {
      const r = parseAnswer(input.value);
      message.show(r.ok ? '' : r.message);
      if (!r.ok) input.focus();
      return r;
    };
  } else {
    const name = newId('guess');
    const group = el(
      'fieldset',
      { class: 'exercise-choices predict-choices' },
      el('legend', { class: 'visually-hidden' }, 'Your guess'),
    );
    p.choices.forEach((choice, i) => {
      const input = el('input', { type: 'radio', name, value: String(i) });
      inputs.push(input);
      group.append(el('label', { class: 'choice' }, input, ' ', choice));
    });
    form.append(group);
    readGuess = () => {
      const picked = group.querySelector('input:checked');
      return picked ? { ok: true, value: Number(picked.value) } : { ok: false, message: 'Pick one first.' };
    };
  }
  const commit = el('button', { type: 'submit', class: 'button primary' }, 'Lock in my guess');
  const again = el('button', { type: 'button', class: 'button', hidden: true }, 'Guess again');
  form.append(el('div', { class: 'exercise-actions' }, commit, again));

  // Where the covered part was: says why it is closed, and opens it without a guess.
  const anyway = el('button', { type: 'button', class: 'button' }, 'Show me anyway');
  const closed = cover
    ? el(
        'div',
        { class: 'predict-closed' },
        el(
          'p',
          { class: 'widget-note' },
          'The figure and the text after this question give its answer away, so they open once you lock in a guess.',
        ),
        anyway,
      )
    : null;
  const open = () => {
    if (!cover || !cover.hidden) return;
    cover.hidden = false;
    closed.hidden = true;
    // Figures mounted while hidden measured nothing: let anything sized on resize size itself.
    window.dispatchEvent(new Event('resize'));
  };

  const setLocked = (locked) => {
    for (const input of inputs) input.disabled = locked;
    commit.hidden = locked;
    again.hidden = !locked;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const guess = readGuess();
    if (!guess.ok) {
      result.textContent = guess.message || '';
      result.dataset.kind = 'error';
      return;
    }
    try {
      const answer = predictAnswer(await engine, p);
      const { right, close, text } = verdict(p, guess.value, answer);
      onAnswered(Boolean(right || close));
      result.textContent = text;
      result.dataset.kind = right ? 'correct' : close ? 'close' : 'wrong';
      if (explain) explain.hidden = false;
      setLocked(true);
      open();
      again.focus();
    } catch (e) {
      result.textContent = `The engine could not check this: ${e.message}`;
      result.dataset.kind = 'error';
    }
  });
  anyway.addEventListener('click', async () => {
    open();
    setLocked(true);
    again.focus(); // the button pressed has gone: keep the keyboard in the block
    try {
      result.textContent = shownWithoutGuess(p, predictAnswer(await engine, p));
      result.dataset.kind = 'shown';
    } catch (e) {
      result.textContent = `The engine could not check this: ${e.message}`;
      result.dataset.kind = 'error';
    }
    if (explain) explain.hidden = false;
  });
  again.addEventListener('click', () => {
    setLocked(false);
    result.textContent = '';
    delete result.dataset.kind;
    if (explain) explain.hidden = true;
    inputs[0].focus();
  });

  section.classList.add('predict');
  section.replaceChildren(heading, prompt, form, result, explain || '', closed || '');
  if (openAtStart) open();
  return { destroy() {} };
}
