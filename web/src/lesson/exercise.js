// An ```exercise``` block: the learner answers, the ENGINE computes the expected number
// (engine[call](...args), then the `answer` path), and the page compares within `tolerance`
// or, for choices, takes the argmax. No expected number is written into the page.
// A conceptual question (choices + "correct", no call) has no number to compute.
// "misconceptions" name answers typical of a wrong idea (a literal "value", or one the engine
// computes from its own call/args/answer, e.g. the score without the division by √d_k) and the
// feedback that names the idea; "choiceFeedback" does the same for the wrong choices.
import { el, attachMessage, newId } from '../ui/dom.js';
import { parseNumber, NUMBER_CHARS } from '../ui/parse.js';
import { fmt } from '../ui/format.js';

// Thousands grouped by commas or spaces ("1,000,000", "1 000 000"), never "0,95" or "1,00".
const GROUPED = /^[+-−]?\d{1,3}([,\s\u202f]\d{3})+(\.\d+)?$/;
/** An answer box's maxlength: a number as parseNumber reads it, in groups of three, and a %. */
export const ANSWER_CHARS = Math.ceil((NUMBER_CHARS * 4) / 3) + 1;

/**
 * What a learner types, read leniently where the meaning is clear: "1,000,000" (thousands
 * separators), "95%" (a percentage, read as 0.95). Anything else goes through parseNumber.
 */
export function parseAnswer(text) {
  let s = String(text ?? '').trim();
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1).trim();
  if (GROUPED.test(s)) s = s.replace(/[,\s\u202f]/g, '');
  const r = parseNumber(s, { name: 'Your answer', min: -1e12, max: 1e12 });
  if (!r.ok) {
    const message = /^[\d.,\s+−-]+%?$/.test(String(text ?? '').trim())
      ? 'Your answer must be a number like 0.95, 95%, -2 or 1,000,000.'
      : r.message;
    return { ok: false, message };
  }
  // Divide (not multiply by 0.01) so that "95%" is exactly 0.95.
  return { ok: true, value: percent ? r.value / 100 : r.value };
}

/** Follow "weights[0][1]" / "[0]" / "cosine" into a result. */
export function followPath(value, path) {
  const steps = path.match(/[A-Za-z_]\w*|\[\d+\]/g) || [];
  let v = value;
  for (const step of steps) {
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step;
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) {
      throw new Error(`the result has no "${path}" (stopped at ${step})`);
    }
    v = v[key];
  }
  return v;
}

function argmax(v) {
  if (!Array.isArray(v) || v.length === 0) throw new Error('argmax needs a non-empty vector');
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

// An argument { engine: { call, args, answer } } is that call's result, so a question can chain
// two engine steps (the entropy of softmax weights) without a number typed into the lesson.
function resolveArgs(engine, value) {
  if (Array.isArray(value)) return value.map((v) => resolveArgs(engine, v));
  if (value === null || typeof value !== 'object') return value;
  if (Object.hasOwn(value, 'engine')) return engineValue(engine, value.engine);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveArgs(engine, v)]));
}

/** engine[spec.call](...spec.args), followed along spec.answer. */
export function engineValue(engine, spec) {
  const fn = engine[spec.call];
  if (typeof fn !== 'function') throw new Error(`the engine has no function "${spec.call}"`);
  // resolveArgs builds new arrays: the engine must never see (or mutate) the lesson's own data.
  const result = fn.apply(engine, resolveArgs(engine, spec.args));
  return followPath(result, spec.answer);
}

function finite(value, path) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`"${path}" is not a finite number`);
  return value;
}

/** The expected answer: a number, or the index of the right choice. */
export function expectedAnswer(engine, ex) {
  if (ex.choices && ex.call === undefined) return ex.correct;
  const value = engineValue(engine, ex);
  if (ex.choices) return argmax(value);
  return finite(value, ex.answer);
}

/** [{ value, tolerance, feedback }]: each misconception's number, computed where it says how. */
export function misconceptionValues(engine, ex) {
  return (ex.misconceptions || []).map((m) => ({
    value: m.call ? finite(engineValue(engine, m), m.answer) : m.value,
    tolerance: m.tolerance ?? ex.tolerance,
    feedback: m.feedback,
  }));
}

/** The feedback for a wrong answer that matches a known wrong idea, or null. */
export function misconceptionFor(engine, ex, answer) {
  if (ex.choices) return ex.choiceFeedback?.[answer] || null;
  const hit = misconceptionValues(engine, ex).find((m) => Math.abs(answer - m.value) <= m.tolerance);
  return hit ? hit.feedback : null;
}

/** A node holding build-time HTML (lesson prose rendered by plugins/markdown.js). */
export function html(tag, className, trustedHtml) {
  const node = el(tag, { class: className });
  node.innerHTML = trustedHtml; // build-time Markdown from content/, never user text
  return node;
}

/**
 * mountExercise(section, ex, { engine, solved, onSolved, onAnswered, number })
 * `engine` may be a Promise (the wasm is still loading): the check waits for it. onAnswered(right)
 * hears every answer the engine checked (the review schedule, review/schedule.js); onRevealed()
 * hears "Show the answer", which is not an answer.
 */
export function mountExercise(
  section,
  ex,
  { engine, solved = false, onSolved = () => {}, onAnswered = () => {}, onRevealed = () => {}, number = 1 },
) {
  const titleId = newId('ex');
  section.setAttribute('aria-labelledby', titleId);
  const heading = el('h3', { class: 'exercise-title', id: titleId }, `Exercise ${number}`);
  const badge = el('span', { class: 'exercise-badge', hidden: !solved }, 'Solved');
  heading.append(' ', badge);
  const prompt = html('div', 'exercise-prompt', ex.prompt);
  const form = el('form', { class: 'exercise-form', novalidate: true });
  const feedback = el('p', { class: 'exercise-feedback', role: 'status', 'aria-live': 'polite' });
  const explain = ex.explain ? html('div', 'exercise-explain', ex.explain) : null;
  if (explain) explain.hidden = true;

  let readAnswer;
  if (ex.choices) {
    const group = el(
      'fieldset',
      { class: 'exercise-choices' },
      el('legend', { class: 'visually-hidden' }, 'Your answer'),
    );
    const name = newId('choice');
    ex.choices.forEach((choice, i) => {
      group.append(
        el('label', { class: 'choice' }, el('input', { type: 'radio', name, value: String(i) }), ' ', choice),
      );
    });
    form.append(group);
    readAnswer = () => {
      const picked = group.querySelector('input:checked');
      return picked
        ? { ok: true, value: Number(picked.value) }
        : { ok: false, message: 'Pick one of the choices first.' };
    };
  } else {
    const inputId = newId('answer');
    const input = el('input', {
      id: inputId,
      type: 'text',
      inputmode: 'text',
      autocomplete: 'off',
      class: 'number-input',
      maxlength: String(ANSWER_CHARS),
      size: 10,
    });
    form.append(el('label', { for: inputId }, 'Your answer'), ' ', input);
    const message = attachMessage(input, null);
    readAnswer = () => {
      const r = parseAnswer(input.value);
      message.show(r.ok ? '' : r.message);
      if (!r.ok) input.focus();
      return r.ok ? r : { ok: false, message: '' };
    };
    form.append(message.node);
  }

  const check = el('button', { type: 'submit', class: 'button primary' }, 'Check');
  const reveal = el('button', { type: 'button', class: 'button' }, 'Show the answer');
  const hintButton = ex.hint ? el('button', { type: 'button', class: 'button' }, 'Hint') : null;
  const hint = ex.hint ? html('div', 'exercise-hint', ex.hint) : null;
  if (hint) hint.hidden = true;
  form.append(el('div', { class: 'exercise-actions' }, check, hintButton, reveal));

  const expected = async () => expectedAnswer(await engine, ex);
  const misconception = async (value) => misconceptionFor(await engine, ex, value);
  const say = (text, kind) => {
    feedback.textContent = text;
    feedback.dataset.kind = kind;
    delete feedback.dataset.misconception;
  };
  const describe = (value) => (ex.choices ? `“${ex.choices[value]}”` : fmt(value, 4));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = readAnswer();
    if (!answer.ok) {
      if (answer.message) say(answer.message, 'error');
      else say('', '');
      return;
    }
    let known;
    try {
      const want = await expected();
      const right = ex.choices ? answer.value === want : Math.abs(answer.value - want) <= ex.tolerance;
      onAnswered(right);
      if (right) {
        say(ex.call === undefined ? 'Correct.' : `Correct: the engine gets ${describe(want)}.`, 'correct');
        if (explain) explain.hidden = false;
        badge.hidden = false;
        onSolved();
      } else if ((known = await misconception(answer.value))) {
        say('', 'wrong');
        // Build-time HTML from the lesson's Markdown (emphasis, math), never the learner's text.
        feedback.append('Not quite. ', html('span', 'exercise-misconception', known));
        feedback.dataset.misconception = 'yes';
      } else if (ex.choices) {
        say('Not this one. Look at the numbers again and try another.', 'wrong');
      } else {
        say(
          `Not quite: ${fmt(answer.value, 4)} is ${answer.value > want ? 'too high' : 'too low'}. Try again.`,
          'wrong',
        );
      }
    } catch (e) {
      say(`The engine could not check this exercise: ${e.message}`, 'error');
    }
  });
  reveal.addEventListener('click', async () => {
    onRevealed();
    try {
      const source = ex.call === undefined ? 'The answer' : "The engine's answer";
      say(`${source}: ${describe(await expected())}.`, 'revealed');
      if (explain) explain.hidden = false;
    } catch (e) {
      say(`The engine could not compute the answer: ${e.message}`, 'error');
    }
  });
  hintButton?.addEventListener('click', () => {
    hint.hidden = !hint.hidden;
    hintButton.setAttribute('aria-expanded', String(!hint.hidden));
  });
  hintButton?.setAttribute('aria-expanded', 'false');

  section.classList.add('exercise');
  section.replaceChildren(heading, prompt, form, hint || '', feedback, explain || '');
  return { destroy() {} };
}
