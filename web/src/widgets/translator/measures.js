// Figures of one translation that the demo and the lesson's claims state, shared by the worker
// (what the page shows) and translator.facts.js (what the prose claims): the weights are read
// from the engine's cross-attention matrices; sums are the engine's dot products.
import { isArticle, roles } from './roles.js';

/** The head of the last decoder layer whose row `row` puts the most on English word `col`. */
export function bestHead(t, row, col) {
  let best = null;
  t.cross.at(-1).forEach((rows, head) => {
    const w = rows[row]?.[col];
    if (w !== undefined && (!best || w > best.weight)) best = { head, weight: w };
  });
  return best;
}

/** The same in the last decoder layer's masked self-attention: row `row` on decoder input `col`. */
export function bestSelfHead(t, row, col) {
  let best = null;
  t.decoderSelf.at(-1).forEach((rows, head) => {
    const w = rows[row]?.[col];
    if (w !== undefined && (!best || w > best.weight)) best = { head, weight: w };
  });
  return best;
}

/** Per head of the last decoder layer: the share of a row's weight on the articles, averaged over the rows. */
export function articleShare(engine, t) {
  const mask = t.source.map((w) => (isArticle(w) ? 1 : 0));
  return t.cross.at(-1).map((rows) => {
    const shares = rows.map((row) => engine.dot(row, mask));
    return shares.length
      ? engine.dot(
          shares,
          shares.map(() => 1 / shares.length),
        )
      : 0;
  });
}

/**
 * agreement(t) -> { verbOnSubject, verbOnVerb, verbOnHindiSubject, adjectiveOnNoun: [...] } (best
 * head each; null when the row is missing from the translation), or null for a sentence without
 * the grammar's shape. verbOnHindiSubject: the verb's row in the decoder's self-attention on the
 * Hindi subject it has already written (decoder input = <bos> then the words written, so the
 * word of Hindi row k is input k + 1).
 */
export function agreement(t) {
  const r = roles(t.source, t.alignment);
  if (!r) return null;
  const written = (row) => row >= 0 && row < t.output.length;
  const at = (row, col) => (written(row) ? bestHead(t, row, col).weight : null);
  const verbRow = r.rowOf(r.verb);
  const subjectRow = r.rowOf(r.subject);
  return {
    verbOnSubject: at(verbRow, r.subject),
    verbOnVerb: at(verbRow, r.verb),
    verbOnHindiSubject: written(verbRow) ? bestSelfHead(t, verbRow, subjectRow + 1).weight : null,
    adjectiveOnNoun: r.adjectives.map((a) => at(r.rowOf(a.at), a.noun)),
  };
}
