// Export and import of the learner's record (state/record-file.js): a button that saves it as a
// JSON file, a file input that reads one back, and the choice between merging the file into this
// browser's record and replacing it. A bad file gets its message next to the file input.
import { el, newId, attachMessage } from '../ui/dom.js';
import { recordToJson, parseRecord, describeContents, MAX_RECORD_BYTES } from '../state/record-file.js';

const MODES = [
  {
    value: 'merge',
    label: 'Merge',
    say: "add the file's lessons, answers and review items to this browser's; where both have the same item, the later answer wins",
  },
  {
    value: 'replace',
    label: 'Replace',
    say: "forget this browser's record and keep the file's alone",
  },
];

/** recordBox({ progress }) -> the section, with its h2 */
export function recordBox({ progress }) {
  const headingId = newId('record');
  const input = el('input', { type: 'file', accept: '.json,application/json', id: newId('record-file') });
  const exportButton = el('button', { type: 'button', class: 'button' }, 'Export my record (JSON)');
  const exported = el('p', { class: 'field-message', 'aria-live': 'polite' });
  const modeName = newId('record-mode');
  const modes = el(
    'fieldset',
    { class: 'record-modes choice-box' },
    el('legend', {}, 'How to import it'),
    MODES.map((m, i) =>
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'radio', name: modeName, value: m.value, checked: i === 0 }),
        el('span', {}, el('strong', {}, m.label), `: ${m.say}.`),
      ),
    ),
  );
  const importButton = el('button', { type: 'button', class: 'button primary' }, 'Import');
  const pending = el('div', { class: 'record-pending', hidden: true }, modes, importButton);
  const fileRow = el(
    'div',
    { class: 'controls record-file' },
    el('label', { for: input.id }, 'Import a record file'),
    input,
  );
  const message = attachMessage(input, null);
  let chosen = null; // { name, contents } of a file that passed the checks
  let armed = null;

  const mode = () => modes.querySelector('input:checked')?.value ?? 'merge';
  const disarm = () => {
    clearTimeout(armed);
    armed = null;
    importButton.textContent =
      mode() === 'replace' ? 'Replace my record with this file' : 'Merge this file into my record';
  };
  modes.addEventListener('change', disarm);

  exportButton.addEventListener('click', async () => {
    const now = progress.now();
    const text = recordToJson(progress.contents(), now);
    const { download } = await import('../export/index.js');
    download(
      new Blob([text], { type: 'application/json' }),
      `attention-record-${new Date(now).toISOString().slice(0, 10)}.json`,
    );
    exported.textContent = `Saved ${describeContents(progress.contents())}.`;
  });

  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    chosen = null;
    pending.hidden = true;
    // Refused before it is read: a large file is not a record, and reading it would only take time.
    const result =
      file.size > MAX_RECORD_BYTES
        ? { ok: false, message: 'the file is larger than 1 MB; a record is far smaller' }
        : parseRecord(await file.text());
    if (!result.ok) {
      message.show(`${file.name} cannot be imported: ${result.message}.`);
      return;
    }
    chosen = { name: file.name, contents: result.contents };
    message.show(`${file.name} holds ${describeContents(result.contents)}. Choose how to import it.`, 'note');
    pending.hidden = false;
    disarm();
  });

  importButton.addEventListener('click', () => {
    if (!chosen) return;
    // Replacing forgets this browser's record: the first press asks, as the header's Reset does.
    if (mode() === 'replace' && !armed) {
      importButton.textContent = 'Really replace?';
      armed = setTimeout(disarm, 4000);
      return;
    }
    progress.importContents(chosen.contents, mode());
    message.show(
      `${chosen.name} was ${mode() === 'replace' ? 'imported in place of your record' : 'merged into your record'}.`,
      'note',
    );
    chosen = null;
    input.value = '';
    pending.hidden = true;
    disarm();
    input.focus();
  });

  return el(
    'section',
    { class: 'record-box', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, 'Your record'),
    el(
      'p',
      {},
      'Your lessons, exercises, concept check and review schedule stay in this browser; nothing is sent anywhere. ' +
        'Export them as a file to move to another browser or to hand in to a teacher, and import the file there.',
    ),
    el('div', { class: 'controls' }, exportButton),
    exported,
    fileRow,
    message.node,
    pending,
  );
}
