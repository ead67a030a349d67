// The agreement cases of the sentence shown, with numbers (last layer, best head): for the verb
// and each adjective, where their Hindi row looks in cross-attention (the English word it
// translates, the word whose gender it takes), where the verb looks in the decoder's masked
// self-attention (the Hindi subject already written), and where the English word looked in the
// encoder (its vector may already carry the gender); and the share the articles get. The
// weights are read from the matrices the engine returned; the article shares are the worker's
// (engine dot products).
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { roles } from '../../models/translator/roles.js';
import { bestHead, bestSelfHead, bestOf } from '../../models/translator/measures.js';

const two = (x) => fmt(x, 2, { fixed: true });

export function callouts() {
  const list = el('ul', { class: 'callout-list' });
  const node = el(
    'div',
    { class: 'callouts' },
    el('h5', {}, 'Where the agreeing words look, with numbers (last layer, best head)'),
    list,
  );
  const heads = (t) => t.cross.at(-1).length;
  const headName = (t, h) => (heads(t) > 1 ? `head ${h + 1}` : 'the head');

  return {
    node,
    show({ now, before, articles }, { romanOf }) {
      const r = roles(now.source, now.alignment);
      if (!r) {
        list.replaceChildren(el('li', {}, 'This sentence has no subject, verb and object to call out.'));
        return;
      }
      const items = [];
      const word = (row) => [
        el('span', { lang: 'hi' }, now.output[row] ?? now.reference[row]),
        ` (${now.romanized[row] ?? romanOf(now.reference[row])})`,
      ];
      const was = (row, col) => {
        const b = bestHead(before, row, col);
        return b ? ` (before training ${two(b.weight)})` : '';
      };
      const verbRow = r.rowOf(r.verb);
      const subjectRow = r.rowOf(r.subject);
      const subject = now.source[r.subject];
      const enc = (i, j) => bestOf(now.encoderSelf, i, j).weight;
      // A row whose word is not yet the right one (before training, early on) has no agreement
      // to explain: the call-out says what the model wrote instead, and the weights as they are.
      const wrongAt = (row) => now.output[row] !== now.reference[row];
      const writing = (row, what) =>
        wrongAt(row)
          ? [
              `Where ${what} `,
              el('span', { lang: 'hi' }, now.reference[row]),
              ` (${romanOf(now.reference[row])}) belongs, the model writes `,
              ...word(row),
              ': it has not learned this word yet, so there is no agreement to explain. ',
            ]
          : null;
      if (verbRow >= 0 && verbRow < now.output.length) {
        const onVerb = bestHead(now, verbRow, r.verb);
        const onSubject = bestHead(now, verbRow, r.subject);
        const onHindi = bestSelfHead(now, verbRow, subjectRow + 1);
        node.dataset.verbSubject = String(onSubject.weight);
        node.dataset.verbHindiSubject = String(onHindi.weight);
        items.push(
          el(
            'li',
            { dataset: { callout: 'verb' } },
            el('strong', {}, 'The verb. '),
            ...(writing(verbRow, 'the verb') ?? [
              'Writing ',
              ...word(verbRow),
              `, whose ending agrees with “${subject}”. `,
            ]),
            `Cross-attention: ${two(onVerb.weight)} on “${now.source[r.verb]}”${was(verbRow, r.verb)}, ` +
              `${two(onSubject.weight)} on the subject “${subject}”${was(verbRow, r.subject)}. ` +
              `Its masked self-attention: ${two(onHindi.weight)} on ${wrongAt(subjectRow) ? 'the word written where the Hindi subject belongs' : 'the Hindi subject already written'}, `,
            el('span', { lang: 'hi' }, now.decoderInput[subjectRow + 1] ?? ''),
            `. In the encoder, “${now.source[r.verb]}” puts ${two(enc(r.verb, r.subject))} on “${subject}”.`,
          ),
        );
      }
      for (const a of r.adjectives) {
        const row = r.rowOf(a.at);
        if (row < 0 || row >= now.output.length) continue;
        const noun = now.source[a.noun];
        const best = bestHead(now, row, a.noun);
        node.dataset[`adjective${a.at}`] = String(best.weight);
        items.push(
          el(
            'li',
            { dataset: { callout: 'adjective' } },
            el('strong', {}, 'An adjective. '),
            ...(writing(row, 'the adjective') ?? ['Writing ', ...word(row), `, which takes the gender of “${noun}”. `]),
            `Cross-attention: ${two(bestHead(now, row, a.at).weight)} on “${now.source[a.at]}” itself, ` +
              `${two(best.weight)} on “${noun}”${was(row, a.noun)}. In the encoder, “${now.source[a.at]}” puts ${two(enc(a.at, a.noun))} on “${noun}”.`,
          ),
        );
      }
      const names = [...new Set(r.articles.map((i) => `“${now.source[i]}”`))].join(' and ');
      node.dataset.articles = String(Math.max(...articles.now));
      items.push(
        el(
          'li',
          { dataset: { callout: 'articles' } },
          el('strong', {}, 'The articles. '),
          `${names} have no Hindi word. Share of a row’s weight they get, on average: ` +
            articles.now.map((x, h) => `${two(x)} (${headName(now, h)})`).join(', ') +
            `; before training ${articles.before.map(two).join(', ')}.`,
        ),
      );
      list.replaceChildren(...items);
    },
  };
}
