// Scores of the concept check and the normalised gain between the attempt before the lessons and
// the one after: <g> = (after − before) / (100% − before), the share of what was not known before
// that is known after (Hake 1998). Before = 100% leaves nothing to gain: no number, and a reason.
// Plain data in and out, so the maths is tested without a page.

/**
 * The gain from one score to another (fractions from 0 to 1):
 * { value } or { value: null, reason } when the score before was already 100%.
 */
export function normalisedGain(before, after) {
  if (before >= 1) return { value: null, reason: after >= 1 ? '100% before and after' : '100% before' };
  return { value: (after - before) / (1 - before) };
}

/**
 * Before and after, per concept and in all, over the questions both attempts answered that the
 * check still asks (a question added or dropped since the first attempt is left out of both).
 * attempts: { answers: { questionId: { right } } }; concepts: [{ id, name }]; questions: [{ id, concept }].
 * -> { asked, concepts: [{ id, name, asked, before, after, gain }], total: { before, after, gain } }
 * with before and after as fractions; a concept no shared question asks is left out.
 */
export function compareAttempts(before, after, { concepts, questions }) {
  const shared = questions.filter((q) => before.answers[q.id] && after.answers[q.id]);
  const share = (list, attempt) => list.filter((q) => attempt.answers[q.id].right).length / list.length;
  const row = (list) => {
    const b = share(list, before);
    const a = share(list, after);
    return { asked: list.length, before: b, after: a, gain: normalisedGain(b, a) };
  };
  const rows = concepts
    .map((c) => ({ c, list: shared.filter((q) => q.concept === c.id) }))
    .filter(({ list }) => list.length > 0)
    .map(({ c, list }) => ({ id: c.id, name: c.name, ...row(list) }));
  return { asked: shared.length, concepts: rows, total: shared.length ? row(shared) : null };
}

/** One attempt alone: { right, asked, concepts: [{ id, name, right, asked }] }. */
export function scoreAttempt(attempt, { concepts, questions }) {
  const asked = questions.filter((q) => attempt.answers[q.id]);
  const right = (list) => list.filter((q) => attempt.answers[q.id].right).length;
  return {
    right: right(asked),
    asked: asked.length,
    concepts: concepts
      .map((c) => ({ id: c.id, name: c.name, list: asked.filter((q) => q.concept === c.id) }))
      .filter((c) => c.list.length > 0)
      .map(({ id, name, list }) => ({ id, name, right: right(list), asked: list.length })),
  };
}

/** "1.00", "0.48", "−0.25": a gain to two decimals with a true minus sign. */
export function formatGain(g) {
  if (g.value === null) return '—';
  const s = Math.abs(g.value).toFixed(2);
  return g.value < 0 && s !== '0.00' ? `\u2212${s}` : s;
}

/** "40%" */
export const percent = (x) => `${Math.round(x * 100)}%`;
