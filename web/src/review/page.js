// The review page (#/review): the exercises and predictions that are due, each asked again, an
// exercise that declares how its example varies with new numbers (variation.js); what comes up
// next; and the learner's record to export or import (record-box.js). The schedule is
// schedule.js's; the answers go to the same record as the lessons' (state/progress.js).
import { lessons, loaders } from 'virtual:lessons';
import { el } from '../ui/dom.js';
import { getEngine } from '../engine.js';
import { mountExercise } from '../lesson/exercise.js';
import { mountPredict } from '../lesson/predict.js';
import { SCHEDULE, dueIds, upcoming, describeWait } from './schedule.js';
import { liveItems, parseItemId } from './items.js';
import { variant } from './variation.js';
import { recordBox } from './record-box.js';
import '../lesson/predict.css';
import './review.css';

// A session's worth: more due items wait for the next visit rather than making one long page.
const MAX_SHOWN = 12;
const UPCOMING_SHOWN = 5;

const lessonOf = (slug) => lessons.find((l) => l.slug === slug);
const itemName = ({ kind, index }) => (kind === 'e' ? `exercise ${index + 1}` : `prediction ${index + 1}`);
const dateOf = (t) => new Date(t).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

function scheduleInWords() {
  const days = SCHEDULE.rightDays;
  return (
    `Every exercise and prediction you answer in a lesson comes back here: ${days[0]} day after a right answer, ` +
    `then ${days.slice(1, -1).join(', ')} and ${days.at(-1)} days after each further right answer in a row, ` +
    `and ${SCHEDULE.wrongMinutes} minutes after a wrong one. An exercise that can vary its example comes back ` +
    'with new numbers, which the engine works out, so that you recall the idea rather than the number.'
  );
}

/** One due item: where it comes from, the exercise or prediction, and when it comes back next. */
function dueItem(id, item, { progress, engine, mounted }) {
  const ref = parseItemId(id);
  const lesson = lessonOf(ref.slug);
  const section = el('section', { class: 'review-item', dataset: { item: id } });
  const from = el(
    'p',
    { class: 'review-from' },
    `Lesson ${lesson.n}, `,
    el('a', { href: `#/${lesson.slug}` }, lesson.title),
    `: ${itemName(ref)}`,
  );
  const note = el('p', { class: 'widget-note review-note' });
  // Dressed as in the lesson: an exercise's frame, or a prediction's.
  const mount = el('section', { class: ref.kind === 'e' ? 'exercise-mount' : 'predict-mount' });
  const next = el('p', { class: 'review-next', 'aria-live': 'polite' });
  section.append(from, note, mount, next);

  // Only the first answer on this page is the recall; trying again after it is practice, and
  // asking for the answer first is a recall that failed.
  let answered = false;
  const onAnswered = (right) => {
    if (answered) return;
    answered = true;
    progress.answered(ref.slug, ref.kind, ref.index, right);
    const after = progress.reviewItems()[id];
    if (after)
      next.textContent = `${right ? 'Right' : 'Not this time'}: this comes back ${describeWait(after.due, progress.now())} (${dateOf(after.due)}).`;
  };

  const ready = (async () => {
    const mod = await loaders[ref.slug]();
    const eng = await engine;
    if (ref.kind === 'p') {
      const p = mod.default.predictions[ref.index];
      note.textContent = 'A prediction comes back as it was asked; its figure is in the lesson.';
      mounted.push(mountPredict(mount, p, { engine: eng, onAnswered }));
      return;
    }
    const ex = mod.default.exercises[ref.index];
    const fresh = variant(ex, eng, `${id}:${item.right + item.wrong}`);
    note.textContent = fresh
      ? 'New numbers this time, worked out by the engine.'
      : ex.call === undefined
        ? 'A question about an idea comes back as it was.'
        : "With the lesson's own numbers: this exercise's example does not vary.";
    section.dataset.varied = fresh ? 'yes' : 'no';
    mounted.push(
      mountExercise(mount, fresh ?? ex, {
        engine: eng,
        number: ref.index + 1,
        onAnswered,
        onRevealed: () => onAnswered(false),
      }),
    );
  })().catch((e) => {
    mount.replaceChildren(
      el('p', { class: 'widget-error', role: 'alert' }, `This item could not load (${e.message}).`),
    );
  });
  return { node: section, ready };
}

function upcomingList(items, now) {
  const soon = upcoming(items, now);
  if (soon.length === 0) return null;
  return el(
    'div',
    { class: 'review-upcoming' },
    el(
      'p',
      {},
      `${soon.length} ${soon.length === 1 ? 'item is' : 'items are'} not due yet. The next ${Math.min(soon.length, UPCOMING_SHOWN) === 1 ? 'one' : Math.min(soon.length, UPCOMING_SHOWN)}:`,
    ),
    el(
      'ul',
      {},
      soon.slice(0, UPCOMING_SHOWN).map(({ id, due }) => {
        const ref = parseItemId(id);
        const lesson = lessonOf(ref.slug);
        return el(
          'li',
          {},
          `Lesson ${lesson.n}, ${lesson.title}: ${itemName(ref)}, ${describeWait(due, now)} (${dateOf(due)})`,
        );
      }),
    ),
  );
}

/** mountReviewPage(article, { progress, headingId }) -> { ready, destroy() } */
export function mountReviewPage(article, { progress, headingId }) {
  const now = progress.now();
  const all = progress.reviewItems();
  const items = liveItems(all, lessons);
  const due = dueIds(items, now);
  const mounted = [];
  const engine = due.length ? getEngine() : null;
  const shown = due.slice(0, MAX_SHOWN).map((id) => dueItem(id, items[id], { progress, engine, mounted }));

  const dueHeading = el('h2', {}, due.length ? `Due now (${due.length})` : 'Nothing is due');
  const dueBody =
    due.length === 0
      ? el(
          'p',
          {},
          Object.keys(items).length === 0
            ? 'Nothing to review yet. Answer an exercise or a prediction in any lesson and it will come back here.'
            : 'Everything you have answered is scheduled for later.',
        )
      : el(
          'div',
          { class: 'review-list' },
          shown.map((s) => s.node),
          due.length > shown.length
            ? el(
                'p',
                { class: 'widget-note' },
                `${due.length - shown.length} more are due; they come up once you have answered these and open this page again.`,
              )
            : null,
        );

  article.replaceChildren(
    el('h1', { id: headingId, tabindex: '-1' }, 'Review'),
    el('p', { class: 'review-intro' }, scheduleInWords()),
    dueHeading,
    dueBody,
    el('h2', {}, 'Coming up'),
    upcomingList(items, now) ?? el('p', {}, 'Nothing is scheduled after the items above.'),
    recordBox({ progress }),
  );
  return {
    ready: Promise.allSettled(shown.map((s) => s.ready)),
    destroy() {
      for (const m of mounted) m.destroy?.();
    },
  };
}
