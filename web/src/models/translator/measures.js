// Figures of one translation that the demo and the lesson's claims state, shared by the worker
// (what the page shows) and translator.facts.js (what the prose claims): the weights are read
// from the engine's cross-attention matrices; sums are the engine's dot products.
import { isArticle, roles } from './roles.js';

/**
 * In maps[layer][head][i][j] (cross, encoderSelf or decoderSelf), the head of the last layer whose
 * row `row` puts the most on column `col`: { head, weight }, or null when there is no such cell.
 */
export function bestOf(maps, row, col) {
  let best = null;
  maps.at(-1).forEach((rows, head) => {
    const w = rows[row]?.[col];
    if (w !== undefined && (!best || w > best.weight)) best = { head, weight: w };
  });
  return best;
}

/** The same in cross-attention: Hindi row `row` on English word `col`. */
export const bestHead = (t, row, col) => bestOf(t.cross, row, col);

/** The same in the decoder's masked self-attention: row `row` on decoder input `col`. */
export const bestSelfHead = (t, row, col) => bestOf(t.decoderSelf, row, col);

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
 * agreement(t) -> where the agreeing words look (best head of the last layer each; null when the
 * Hindi row is missing from the translation), or null for a sentence without the grammar's shape:
 *   verbOnVerb, verbOnSubject          the Hindi verb's cross-attention on the English verb, subject
 *   verbOnHindiSubject                 its masked self-attention on the Hindi subject already
 *                                      written (decoder input: <bos>, then the words written, so
 *                                      Hindi row k is input k + 1)
 *   encoderVerbOnSubject               the English verb on the English subject, in the encoder
 *   adjectiveOnNoun, adjectiveOnItself each Hindi adjective's cross-attention on its English noun,
 *                                      on its English adjective
 *   encoderAdjectiveOnNoun             each English adjective on its noun, in the encoder
 */
export function agreement(t) {
  const r = roles(t.source, t.alignment);
  if (!r) return null;
  const written = (row) => row >= 0 && row < t.output.length;
  const at = (row, col) => (written(row) ? bestHead(t, row, col).weight : null);
  const verbRow = r.rowOf(r.verb);
  const subjectRow = r.rowOf(r.subject);
  return {
    verbOnVerb: at(verbRow, r.verb),
    verbOnSubject: at(verbRow, r.subject),
    verbOnHindiSubject: written(verbRow) ? bestSelfHead(t, verbRow, subjectRow + 1).weight : null,
    encoderVerbOnSubject: bestOf(t.encoderSelf, r.verb, r.subject).weight,
    adjectiveOnNoun: r.adjectives.map((a) => at(r.rowOf(a.at), a.noun)),
    adjectiveOnItself: r.adjectives.map((a) => at(r.rowOf(a.at), a.at)),
    encoderAdjectiveOnNoun: r.adjectives.map((a) => bestOf(t.encoderSelf, a.at, a.noun).weight),
  };
}
