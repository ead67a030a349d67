// Which English word plays which part in a sentence of the translator's grammar,
// "the|a [adjective] SUBJECT VERB the|a [adjective] OBJECT", and which Hindi row writes it (from
// the engine's alignment of the correct Hindi to the English). Reading positions, no arithmetic.
const ARTICLES = new Set(['the', 'a', 'an']);

export const isArticle = (word) => ARTICLES.has(word);

/**
 * roles(source, alignment) -> { subject, verb, object, adjectives: [{ at, noun }], articles,
 *   rowOf(sourceIndex) } with English indices; rowOf gives the Hindi row that translates a word
 *   (-1 if none). null when the sentence does not have the grammar's shape.
 */
export function roles(source, alignment) {
  const second = source.findIndex((w, i) => i > 0 && isArticle(w));
  if (!isArticle(source[0]) || second < 3) return null;
  const verb = second - 1;
  const subject = second - 2;
  const object = source.length - 1;
  const adjectives = [];
  if (subject === 2) adjectives.push({ at: 1, noun: subject });
  if (object === second + 2) adjectives.push({ at: second + 1, noun: object });
  return {
    subject,
    verb,
    object,
    adjectives,
    articles: source.flatMap((w, i) => (isArticle(w) ? [i] : [])),
    rowOf: (j) => alignment.indexOf(j),
  };
}
