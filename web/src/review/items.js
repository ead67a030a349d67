// Review items by name: "softmax#e0" is lesson softmax's first exercise, "softmax#p1" its second
// prediction. An item whose exercise is gone (a lesson rewritten since it was answered) is kept in
// the record, where a later version may find it again, but never shown or counted.
import { dueIds } from './schedule.js';

const ID = /^([a-z0-9][a-z0-9-]{0,63})#([ep])(\d{1,3})$/;

/** "softmax#e2" -> { slug: 'softmax', kind: 'e', index: 2 }, or null. */
export function parseItemId(id) {
  const m = ID.exec(id);
  return m ? { slug: m[1], kind: m[2], index: Number(m[3]) } : null;
}

/** The items that name an exercise or prediction the lessons have now (lessons: the index). */
export function liveItems(items, lessons) {
  const bySlug = new Map(lessons.map((l) => [l.slug, l]));
  return Object.fromEntries(
    Object.entries(items).filter(([id]) => {
      const ref = parseItemId(id);
      const lesson = ref && bySlug.get(ref.slug);
      return lesson && ref.index < (ref.kind === 'e' ? lesson.exercises : (lesson.predictions ?? 0));
    }),
  );
}

/** How many live items are due at `now`. */
export const dueCount = (items, lessons, now) => dueIds(liveItems(items, lessons), now).length;
