// The "Export" menu under a figure: save it as PNG or SVG, copy a matrix as CSV, JSON or LaTeX.
// Only this small menu is in the page from the start; the code that writes the files
// (web/src/export/index.js) loads the first time a learner uses it.
import { el, newId } from './dom.js';
import '../styles/export-menu.css';

const loadExport = () => import('../export/index.js');

/**
 * exportMenu({ title: () => string, figure?: () => spec, matrix?: () => number[][] }) -> node
 * figure() returns what web/src/export/index.js figureSvg() takes: { heatmap }, { chart } or { svgNode }.
 */
export function exportMenu({ title, figure, matrix }) {
  const statusId = newId('export');
  const status = el('p', { class: 'export-status', id: statusId, role: 'status' });
  // Where the clipboard is refused (an embed without permission), the copy is shown to select.
  const fallback = el('textarea', {
    class: 'export-text',
    readonly: true,
    hidden: true,
    rows: '4',
    'aria-label': 'Copied text',
  });
  const say = (text) => {
    status.textContent = text;
  };
  const act = (label, run) =>
    el(
      'button',
      {
        type: 'button',
        class: 'button small',
        'aria-describedby': statusId,
        onclick: async () => {
          try {
            await run(await loadExport());
          } catch (e) {
            say(`Could not export: ${e.message}`);
          }
        },
      },
      label,
    );
  const saveAs = (kind) =>
    act(kind.toUpperCase(), async (x) => {
      const name = x.plainTitle(title());
      const doc = x.figureSvg({ title: name, ...figure() });
      const blob = kind === 'svg' ? new Blob([doc.svg], { type: 'image/svg+xml' }) : await x.svgToPng(doc);
      x.download(blob, `${x.fileStem(name)}.${kind}`);
      say(`Saved ${x.fileStem(name)}.${kind}.`);
    });
  const copyAs = (format) =>
    act(`Copy ${format === 'latex' ? 'LaTeX' : format.toUpperCase()}`, async (x) => {
      const m = matrix();
      const text = x.matrixFormats[format].write(m);
      const shape = `${m.length} × ${m[0]?.length ?? 0}`;
      if (await x.copyText(text)) {
        fallback.hidden = true;
        say(`Copied the ${shape} matrix as ${x.matrixFormats[format].label}.`);
      } else {
        fallback.value = text;
        fallback.hidden = false;
        fallback.select();
        say(
          `The clipboard is not available here: the ${x.matrixFormats[format].label} is selected below, copy it with Ctrl+C.`,
        );
      }
      fallback.dataset.format = format;
      fallback.value = text;
    });
  return el(
    'details',
    { class: 'export-menu' },
    el('summary', {}, 'Export'),
    el(
      'div',
      { class: 'export-actions' },
      figure ? [saveAs('png'), saveAs('svg')] : null,
      matrix ? [copyAs('csv'), copyAs('json'), copyAs('latex')] : null,
    ),
    status,
    fallback,
  );
}
