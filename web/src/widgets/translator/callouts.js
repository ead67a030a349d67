// The agreement cases of the sentence shown, with the numbers of the last decoder layer: where
// the verb's row looks in cross-attention (the English verb) and, for its ending, in the
// decoder's own masked self-attention (the Hindi subject already written); where each
// adjective's row looks (its noun decides -आ or -ई); and the share the articles get. The weights
// are read from the matrices the engine returned; the article shares are the worker's (engine
// dot products).
import { el } from '../../ui/dom.js';
import { fmt } from '../../ui/format.js';
import { roles } from './roles.js';
import { bestHead, bestSelfHead } from './measures.js';

const two = (x) => fmt(x, 2, { fixed: true });

export function callouts() {
  const list = el('ul', { class: 'callout-list' });
  const node = el(
    'div',
    { class: 'callouts' },
    el('h5', {}, 'Where the agreeing words look, with numbers (last decoder layer, best head)'),
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
        return b ? `; before training ${two(b.weight)}` : '';
      };
      const verbRow = r.rowOf(r.verb);
      const subjectRow = r.rowOf(r.subject);
      const subject = now.source[r.subject];
      if (verbRow >= 0 && verbRow < now.output.length) {
        const onVerb = bestHead(now, verbRow, r.verb);
        const onSubject = bestHead(now, verbRow, r.subject);
        const onHindi = bestSelfHead(now, verbRow, subjectRow + 1);
        const hindiSubject = now.decoderInput[subjectRow + 1];
        node.dataset.verbSubject = String(onSubject.weight);
        node.dataset.verbHindiSubject = String(onHindi.weight);
        const beforeHindi = bestSelfHead(before, verbRow, subjectRow + 1);
        items.push(
          el(
            'li',
            { dataset: { callout: 'verb' } },
            el('strong', {}, 'The verb. '),
            'Writing ',
            ...word(verbRow),
            `: in cross-attention ${two(onVerb.weight)} on “${now.source[r.verb]}” (${headName(now, onVerb.head)}), which says which verb${was(verbRow, r.verb)}; ` +
              `at most ${two(onSubject.weight)} on the subject “${subject}”. Its ending must agree with the subject, and the decoder finds it in the Hindi it has already written: ` +
              `its masked self-attention puts ${two(onHindi.weight)} on `,
            el('span', { lang: 'hi' }, hindiSubject ?? ''),
            ` (${headName(now, onHindi.head)})${beforeHindi ? `; before training ${two(beforeHindi.weight)}` : ''}.`,
          ),
        );
      }
      for (const a of r.adjectives) {
        const row = r.rowOf(a.at);
        if (row < 0 || row >= now.output.length) continue;
        const best = bestHead(now, row, a.noun);
        node.dataset[`adjective${a.at}`] = String(best.weight);
        items.push(
          el(
            'li',
            { dataset: { callout: 'adjective' } },
            el('strong', {}, 'An adjective. '),
            'Writing ',
            ...word(row),
            `, which takes the gender of “${now.source[a.noun]}”: ${two(best.weight)} on “${now.source[a.noun]}” (${headName(now, best.head)})${was(row, a.noun)}; ` +
              `${two(bestHead(now, row, a.at).weight)} on “${now.source[a.at]}” itself.`,
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
