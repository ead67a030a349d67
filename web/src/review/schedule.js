// When an answered exercise or prediction comes back (spaced review). The schedule is data, and
// every function takes the time as an argument, so a test drives it with a fake clock.
//
// A Leitner ladder: each right answer given when the item is due climbs one rung and waits longer
// (1, 3, 7, 21, then 60 days); a wrong answer at any time drops it to the bottom and brings it back
// within minutes, so the idea is met again while it is fresh. A right answer before the item is
// due changes nothing: answering twice in a row, or in a lesson read again the same day, is not a
// spaced recall and must not push the item weeks away.
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

export const SCHEDULE = Object.freeze({
  /** Days until the next review after the 1st, 2nd, ... right answer in a row; the last repeats. */
  rightDays: Object.freeze([1, 3, 7, 21, 60]),
  /** Minutes until the next review after a wrong answer. */
  wrongMinutes: 10,
});

/** The wait after `streak` right answers in a row (streak >= 1), in milliseconds. */
export function waitAfter(streak, schedule = SCHEDULE) {
  const days = schedule.rightDays;
  return days[Math.min(streak, days.length) - 1] * DAY;
}

/**
 * The item after an answer at time `now`. item: { streak, due, last, right, wrong } or undefined
 * (never answered); streak counts right answers in a row, due and last are times in ms.
 */
export function answerItem(item, right, now, schedule = SCHEDULE) {
  const seen = item ?? { streak: 0, due: now, last: now, right: 0, wrong: 0 };
  const counts = { right: seen.right + (right ? 1 : 0), wrong: seen.wrong + (right ? 0 : 1) };
  if (!right) return { streak: 0, due: now + schedule.wrongMinutes * MINUTE, last: now, ...counts };
  if (item && now < item.due) return { ...item, last: Math.max(item.last, now), ...counts };
  const streak = seen.streak + 1;
  return { streak, due: now + waitAfter(streak, schedule), last: now, ...counts };
}

export const isDue = (item, now) => item.due <= now;

/** The ids of the items due at `now`, the longest overdue first (ties by id, so the order is stable). */
export function dueIds(items, now) {
  return Object.keys(items)
    .filter((id) => isDue(items[id], now))
    .sort((a, b) => items[a].due - items[b].due || (a < b ? -1 : 1));
}

/** The items not yet due, soonest first: [{ id, due }]. */
export function upcoming(items, now) {
  return Object.keys(items)
    .filter((id) => !isDue(items[id], now))
    .map((id) => ({ id, due: items[id].due }))
    .sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : 1));
}

/** "in 10 minutes", "tomorrow", "in 3 days": how far `due` is from `now`, in words. */
export function describeWait(due, now) {
  const ms = due - now;
  if (ms <= 0) return 'now';
  const count = (n, unit) => `in ${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms < 90 * MINUTE) return count(Math.max(1, Math.round(ms / MINUTE)), 'minute');
  if (ms < 20 * 60 * MINUTE) return count(Math.round(ms / (60 * MINUTE)), 'hour');
  if (ms < 36 * 60 * MINUTE) return 'tomorrow';
  return count(Math.round(ms / DAY), 'day');
}

export { MINUTE, DAY };
