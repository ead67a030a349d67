// Save this run as a JSON file, or load a saved one back as the grey previous run: the buttons
// and the message tied to the file input. The model's file format (run-file.js runFormat) and
// the page's download code load only when a button is used.
import { el, newId, attachMessage } from '../ui/dom.js';

/**
 * runFileBox({ curves, step(), options(), format(), fileName(step), describe(run, fileName) })
 *   -> node
 * format() -> Promise of the model's format module ({ runToJson, readRunFile }); fileName(step):
 * the saved file's name; describe(run, fileName): the loaded run in words, for the grey curves.
 */
export function runFileBox({ curves, step, options, format, fileName, describe }) {
  const input = el('input', { type: 'file', accept: '.json,application/json', class: 'run-file-input' });
  input.id = newId('run-file');
  const node = el(
    'div',
    { class: 'controls run-file', role: 'group', 'aria-label': 'Run file' },
    el('button', { type: 'button', class: 'button small', onclick: () => save() }, 'Save run (JSON)'),
    el('label', { for: input.id, class: 'run-file-label' }, 'Load a saved run to compare', input),
  );
  const message = attachMessage(input, node);

  async function save() {
    const at = step();
    const [{ runToJson }, { download }] = await Promise.all([format(), import('../export/index.js')]);
    const text = runToJson({ options: options(), points: curves.points(), step: at });
    download(new Blob([text], { type: 'application/json' }), fileName(at));
    message.show(`Saved ${at.toLocaleString('en')} steps as a JSON file.`, 'note');
  }
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const { readRunFile } = await format();
    try {
      const run = await readRunFile(file);
      curves.showPrevious(run.points, describe(run, file.name));
      message.show(`Loaded ${file.name}: its curves are the grey lines.`, 'note');
    } catch (e) {
      if (e.name !== 'RunFileError') throw e;
      message.show(`${file.name} was not loaded: ${e.message}.`);
    }
    input.value = '';
  });
  return node;
}
