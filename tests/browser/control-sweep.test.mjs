// The control sweep: every control of every widget on every lesson page, driven at every kind of
// value, with nothing to maintain per widget. Controls are found in the DOM the UI kit builds:
// number and vector fields and matrix-editor cells carry their allowed range as data-min,
// data-max, data-integer (and data-min-length, data-max-length for lists), written by
// web/src/ui/number-field.js from the same options that validate them; selects, checkboxes and
// range sliders say it themselves; preset buttons are marked data-preset. Each control gets:
//
//   number field / first cell of each matrix editor: its minimum, its maximum and a middle value
//     (allowed), then a non-number and a value just outside the range (refused), then its
//     first value again;
//   list field: the shortest and the longest allowed list, entries at the minimum and at the
//     maximum (allowed), then a non-number, an entry out of range and a list too long (refused);
//   select: every option; checkbox: both ways; slider: both ends and the middle; preset: each.
//
// After each allowed value: no error message in the widget (an engine error, or an allowed value
// refused), no NaN / Infinity / "undefined" on screen or in a drawing, no page or console error,
// and the widget's output changed if the value did (a figure that stays as it was is stale).
// After each refused value: a message at the input, and the URL still the last good state.
// Every control set back to its first value brings the whole widget back as it was. Finally the
// URL the sweep left is opened afresh, and must show no error.
//
// A control whose value legitimately leaves every output unchanged is marked in its widget's
// markup with data-sweep-quiet="<why>" on the control or a container of it; the failure message
// says so. The live-training widgets' controls are driven; their training is never started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessonSlugs } from './helpers.mjs';
import { useWidget } from './widget-harness.mjs';

const ctx = useWidget();
// The page writes widget state into the URL 150 ms after the last change, marking <html
// data-url-pending> from the change until the write: the URL is read once that mark is gone and
// the URL has stayed put for this long (a mark polled, not a 150 ms sleep per reading).
const URL_QUIET_MS = 50;
const ASYNC_MS = 1500; // how long an output computed off the page (a worker) may take to appear
const BUSY_MS = 15000; // how long a widget may stay data-ready="false" (a new model being made)

// ---- in the page: every function here is sent to the browser by page.evaluate.

/**
 * What the page does for the sweep, in one function (page.evaluate sends its source):
 * "controls" lists the widget's controls, "target" marks one with data-sweep-target, "output"
 * and "full" are snapshots of the widget, "problems" what is broken on screen.
 */
function inPage([op, widgetIndex, key]) {
  const root = document.querySelectorAll('.lesson-body .widget')[widgetIndex];
  const visible = (node) => node.getClientRects().length > 0 && !node.closest('[hidden]');
  const labelOf = (input) =>
    (input.labels?.[0]?.textContent || input.getAttribute('aria-label') || input.name || '').trim();
  const CONTROLS = '.field, .matrix-block:has(.matrix-editor), .controls, .presets, .check, .select, .slider';

  /** The widget's visible controls, each with its node and a key that finds it again. */
  function collect() {
    const found = [];
    const seenEditors = new Set();
    for (const node of root.querySelectorAll('input, select, button[data-preset]')) {
      if (!visible(node) || node.disabled) continue;
      let kind;
      if (node.tagName === 'SELECT') kind = 'select';
      else if (node.tagName === 'BUTTON') kind = 'preset';
      else if (node.type === 'checkbox') kind = 'checkbox';
      else if (node.type === 'range') kind = 'slider';
      else if (node.classList.contains('cell-input')) {
        // One cell per editor (its first): every cell goes through the same code.
        const editor = node.closest('table');
        if (seenEditors.has(editor)) continue;
        seenEditors.add(editor);
        kind = 'cell';
      } else if (node.dataset.min !== undefined) kind = node.dataset.minLength !== undefined ? 'vector' : 'number';
      else continue; // free text (sentences) is covered by each widget's own hostile-input test
      const label = kind === 'preset' ? node.textContent.trim() : labelOf(node);
      found.push({
        node,
        kind,
        label,
        value: kind === 'checkbox' ? node.checked : node.value,
        options: kind === 'select' ? [...node.options].map((o) => o.value) : undefined,
        // A select whose first option is empty ("pick one…") is an action, like a preset: it
        // sets other state and has no value of its own to go back to.
        picker: kind === 'select' && node.options[0]?.value === '',
        min: node.dataset.min ?? node.min,
        max: node.dataset.max ?? node.max,
        step: node.step,
        integer: node.dataset.integer === '1',
        minLength: node.dataset.minLength,
        maxLength: node.dataset.maxLength,
        quiet: node.closest('[data-sweep-quiet]')?.dataset.sweepQuiet ?? null,
      });
    }
    // A label can repeat (two "Word" selects): number them so each key finds one control.
    const seen = {};
    for (const c of found) {
      const k = `${c.kind}:${c.label}`;
      seen[k] = (seen[k] ?? 0) + 1;
      c.key = seen[k] > 1 ? `${k}#${seen[k]}` : k;
    }
    return found;
  }
  const controls = () => collect().map(({ node, ...c }) => c); // eslint-disable-line no-unused-vars

  // The widget as text: tags, attributes in order of name, text. Generated ids and names, the
  // sweep's own mark and empty or transient status messages are left out, and long fractions are
  // cut to 9 significant digits (a plot's coordinates are recomputed, not always to the last bit).
  const SKIP_ATTR = /^(id|for|name|aria-.*|data-sweep-target)$/;
  const round = (t) => t.replace(/-?\d+\.\d{9,}/g, (x) => String(Number(Number(x).toPrecision(9))));
  function serialize(node, withControls) {
    if (node.nodeType === Node.TEXT_NODE) return round(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    if (!withControls && node.matches(`${CONTROLS}, .field-message`)) return '';
    if (node.matches('.field-message') && (!node.textContent.trim() || node.dataset.kind === 'note')) return '';
    const attrs = [...node.attributes]
      .filter((a) => !SKIP_ATTR.test(a.name) && !(a.name === 'data-kind' && a.value === ''))
      .map((a) => `${a.name}="${round(a.value)}"`)
      .sort()
      .join(' ');
    const value =
      withControls && /^(INPUT|SELECT|TEXTAREA)$/.test(node.tagName)
        ? ` value="${node.type === 'checkbox' || node.type === 'radio' ? node.checked : node.value}"`
        : '';
    return `<${node.tagName.toLowerCase()} ${attrs}${value}>${[...node.childNodes].map((n) => serialize(n, withControls)).join('')}</>`;
  }

  function output(withControls) {
    const canvases = [...root.querySelectorAll('canvas')].map((c) => {
      const url = c.width && c.height ? c.toDataURL() : '';
      let h = 0;
      for (let i = 0; i < url.length; i += 7) h = (h * 31 + url.charCodeAt(i)) | 0;
      return h;
    });
    return `${serialize(root, withControls)} canvases ${canvases.join(',')}`;
  }

  function problems() {
    const out = [];
    for (const m of root.querySelectorAll('.field-message[data-kind="error"], .widget-error'))
      if (visible(m) && m.textContent.trim()) out.push(`error shown: "${m.textContent.trim().slice(0, 160)}"`);
    const text = root.innerText;
    const bad = /\bNaN\b|\bInfinity\b|\bundefined\b/.exec(text);
    if (bad) out.push(`"${bad[0]}" on screen: "…${text.slice(Math.max(0, bad.index - 60), bad.index + 20)}…"`);
    for (const n of root.querySelectorAll('svg *'))
      for (const a of n.attributes)
        if (/NaN|undefined/.test(a.value)) {
          out.push(`a drawing holds ${a.name}="${a.value.slice(0, 60)}"`);
          return out;
        }
    return out;
  }

  /** The message an input points at through aria-describedby (its hint included). */
  const messageOf = (node) =>
    (node.getAttribute('aria-describedby') || '')
      .split(/\s+/)
      .map((id) =>
        id && document.getElementById(id)?.matches('.field-message') ? document.getElementById(id).textContent : '',
      )
      .join(' ')
      .trim();

  if (op === 'count') return document.querySelectorAll('.lesson-body .widget').length;
  if (op === 'name') return root.dataset.widget;
  if (op === 'controls') return controls();
  // A widget that computes off the page (a worker) says data-ready="false" until its figure is in.
  if (op === 'full') return root.dataset.ready === 'false' ? null : output(true);
  if (op === 'check') return [output(false), problems()];
  if (op === 'drive') {
    // Set a control as a learner would, with the events its code listens to, and report at once:
    // every widget here renders synchronously in its handler (one that computes off the page is
    // polled by the caller).
    const [k, v] = key;
    const found = collect().find((c) => c.key === k);
    if (!found) return null;
    const { node, kind } = found;
    if (kind === 'preset') node.click();
    else if (kind === 'checkbox') {
      if (node.checked !== v) node.click();
    } else {
      node.value = String(v);
      node.dispatchEvent(new Event('input', { bubbles: true }));
      node.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return [output(false), problems(), messageOf(node), node.getAttribute('aria-invalid') === 'true'];
  }
  throw new Error(`unknown op ${op}`);
}

// ---- in Node

const fmtNum = (x) => String(Number(x.toPrecision(12)));

/** The values a control is driven through: { allowed: [...], refused: [...] } as typed text. */
function valuesFor(c) {
  if (c.kind === 'number' || c.kind === 'cell') {
    const min = Number(c.min);
    const max = Number(c.max);
    const mid = c.integer ? Math.round((min + max) / 2) : (min + max) / 2;
    const outside = c.integer ? max + 1 : max + Math.max(1, Math.abs(max) * 0.5);
    return { allowed: [min, max, mid].map(fmtNum), refused: ['abc', fmtNum(outside)] };
  }
  if (c.kind === 'vector') {
    const min = Number(c.min);
    const max = Number(c.max);
    const mid = (min + max) / 2;
    const n = c.value.split(/[\s,;]+/).filter(Boolean).length;
    const list = (len, x) => Array.from({ length: len }, (_, i) => fmtNum(x + i)).join(', ');
    const lo = Number(c.minLength);
    const hi = Number(c.maxLength);
    // Distinct entries (x, x + 1, ...) so a list is not all ties; the ends stay inside the range.
    return {
      allowed: [
        list(lo, Math.min(mid, max - lo)),
        list(hi, Math.min(mid, max - hi)),
        list(n, min),
        list(n, max - n + 1),
      ],
      refused: ['abc', `${fmtNum(max + Math.max(1, Math.abs(max) * 0.5))}, 1`, list(hi + 1, 0)],
    };
  }
  if (c.kind === 'slider') {
    const min = Number(c.min);
    const max = Number(c.max);
    const step = Number(c.step) || 1;
    const mid = min + Math.round((max - min) / 2 / step) * step;
    return { allowed: [min, max, mid].map(fmtNum), refused: [] };
  }
  if (c.kind === 'select') return { allowed: c.options, refused: [] };
  if (c.kind === 'checkbox') return { allowed: [!c.value, c.value], refused: [] };
  return { allowed: [], refused: [] };
}

/** The URL once the page has stopped writing it. */
async function settledUrl(page) {
  let url = page.url();
  for (;;) {
    await page.waitForTimeout(URL_QUIET_MS);
    // main.js marks <html data-url-pending> while a write is due (a busy page may run it late).
    const pending = await page.evaluate(() => 'urlPending' in document.documentElement.dataset);
    if (!pending && page.url() === url) return url;
    url = page.url();
  }
}

async function sweepLesson(page, site, slug) {
  const failures = [];
  // The sweep checks states, not animations: a translation is written at once.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await site.open(page, `#/${slug}`);
  const count = await page.evaluate(inPage, ['count']);
  for (let wi = 0; wi < count; wi++) {
    const name = await page.evaluate(inPage, ['name', wi]);
    const ev = (op, key) => page.evaluate(inPage, [op, wi, key]);
    const where = (c, v) =>
      `#/${slug} widget ${wi + 1} (${name}), ${c.kind} "${c.label}"${v === undefined ? '' : ` = ${JSON.stringify(v)}`}`;
    const fail = (msg) => failures.push(msg);

    const report = (what, shown) => {
      for (const p of shown) fail(`${what}: ${p}`);
      for (const p of page.clearProblems()) fail(`${what}: ${p}`);
    };
    const drive = async (c, v) => {
      const r = await ev('drive', [c.key, v]);
      if (!r) throw new Error(`${where(c)}: the control is gone`);
      const [out, shown, message, invalid] = r;
      return { out, shown, message, invalid };
    };
    /** Poll `ev(op)` until `done(snapshot)` or the time is up; returns the last snapshot. */
    const until = async (op, done, ms = ASYNC_MS) => {
      const end = Date.now() + ms;
      let snap = await ev(op);
      while (!done(snap) && Date.now() < end) {
        await page.waitForTimeout(30);
        snap = await ev(op);
      }
      return snap;
    };
    /** The whole widget once it is ready and has stopped changing. */
    const steady = async () => {
      const end = Date.now() + BUSY_MS;
      let snap = await ev('full');
      for (;;) {
        await page.waitForTimeout(60);
        const next = await ev('full');
        if ((next !== null && next === snap) || Date.now() > end) return next;
        snap = next;
      }
    };
    /** After an engine error: the URL must not hold the state that caused it. */
    const urlKeepsNoError = async (what) => {
      const url = await settledUrl(page);
      const other = await site.newPage();
      await other.goto(url);
      await other.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, {
        timeout: 20000,
      });
      const shown = await other.evaluate(
        () =>
          [...document.querySelectorAll('.field-message[data-kind="error"], .widget-error')]
            .map((m) => m.textContent.trim())
            .filter(Boolean)[0],
      );
      if (shown) fail(`${what}: the erroring state was written to the URL; a reload shows "${shown.slice(0, 120)}"`);
      await other.close();
    };

    report(`#/${slug} widget ${wi + 1} (${name}) as it opens`, (await ev('check'))[1]);
    const list = await ev('controls');
    if (list.length === 0) continue;
    // Presets and pickers last: they change everything, and nothing sets them back.
    const isAction = (c) => c.kind === 'preset' || c.picker;
    const ordered = [...list.filter((c) => !isAction(c)), ...list.filter(isAction)];
    let startFull = await steady();
    for (const c of ordered) {
      const t0 = Date.now();
      const { allowed } =
        c.kind === 'preset' ? { allowed: [c.label] } : c.picker ? { allowed: c.options.filter(Boolean) } : valuesFor(c);
      let previous = c.value;
      let [before] = await ev('check');
      let moves = 0; // value changes made
      let moved = 0; // of those, changes that changed the output
      const outputs = new Set([before]);
      for (const v of allowed) {
        let { out, shown } = await drive(c, v);
        const changed = !isAction(c) && String(v) !== String(previous);
        // A figure computed off the page (a worker) arrives later: wait for it before calling it stale.
        if (changed && out === before && moved === 0 && c.quiet === null)
          [out, shown] = await until('check', ([o]) => o !== before);
        report(where(c, v), shown);
        if (shown.some((p) => p.startsWith('error shown'))) {
          if (c.kind !== 'cell' && shown.some((p) => p.includes(c.label.replace(/\s*\(.*$/, ''))))
            fail(
              `${where(c, v)}: the field refuses a value inside its declared range; if it refuses it on purpose ` +
                "(numberField's check), declare the smallest value it takes with numberField({ least })",
            );
          await urlKeepsNoError(where(c, v));
        }
        if (changed) moves += 1;
        if (changed && !outputs.has(out)) moved += 1;
        outputs.add(out);
        previous = v;
        before = out;
      }
      // Stale: a control whose values all leave the figure as it was (a value that saturates a
      // softmax may change nothing on screen; every value doing so means the figure ignores it).
      if (moves > 0 && moved === 0 && c.quiet === null)
        fail(
          `${where(c)}: stale output: nothing in the widget changed for any of ${JSON.stringify(allowed)} ` +
            `(if no output should change, mark the control or a container of it data-sweep-quiet="<why>")`,
        );
      if (isAction(c)) {
        startFull = await steady();
        continue;
      }
      // Back to where it started: the whole widget as it was (nothing lost on the way).
      if (c.kind !== 'checkbox') report(where(c, c.value), (await drive(c, c.value)).shown);
      const endFull = await until('full', (s) => s === startFull, BUSY_MS);
      if (endFull !== startFull)
        fail(
          `${where(c)}: set back to ${JSON.stringify(c.value)}, the widget did not come back as it was (${firstDiff(String(startFull), String(endFull))})`,
        );
      startFull = endFull;
      if (process.env.SWEEP_DEBUG) console.error(`${Date.now() - t0} ms ${where(c)}`);
    }

    // Refused values, every field at once (each keeps its refused text while the next is typed):
    // each gets its message, and the URL afterwards is still the last good state.
    const typed = ordered.filter((c) => valuesFor(c).refused.length);
    if (typed.length === 0) continue;
    const good = await settledUrl(page);
    for (const c of typed)
      for (const v of valuesFor(c).refused) {
        const { message, invalid } = await drive(c, v);
        if (!message) fail(`${where(c, v)}: refused value without a message at the input`);
        if (c.kind !== 'cell' && !invalid) fail(`${where(c, v)}: a refused value must mark the input aria-invalid`);
        report(where(c, v), []);
      }
    const now = await settledUrl(page);
    if (now !== good)
      fail(
        `#/${slug} widget ${wi + 1} (${name}): refused values (${typed.map((c) => c.label).join(', ')}) changed the URL:\n  was ${good}\n  now ${now}`,
      );
    // Every field back to its first value: no message left anywhere.
    for (const c of typed) await drive(c, c.value);
    report(`#/${slug} widget ${wi + 1} (${name}) with every field back`, (await ev('check'))[1]);
  }
  // The URL the sweep left behind opens as a page with no error.
  const url = await settledUrl(page);
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 20000 });
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('.field-message[data-kind="error"], .widget-error')]
      .map((m) => m.textContent.trim())
      .filter(Boolean),
  );
  for (const s of shown)
    failures.push(`#/${slug}: reloading the URL the sweep left shows "${s.slice(0, 160)}" (${url})`);
  for (const p of page.clearProblems()) failures.push(`#/${slug}: reloading ${url}: ${p}`);
  return failures;
}

/** Where two snapshots first differ, with a little context, for the failure message. */
function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const n = Number(process.env.SWEEP_DIFF ?? 60);
  return `first difference: was "…${a.slice(Math.max(0, i - n), i + 60)}…", now "…${b.slice(Math.max(0, i - n), i + 60)}…"`;
}

// SWEEP_ONLY=softmax,training sweeps only those lessons (while working on one).
const only = process.env.SWEEP_ONLY?.split(',');
for (const slug of lessonSlugs().filter((s) => !only || only.includes(s))) {
  test(`every control of every widget on #/${slug} works at every kind of value`, async () => {
    const failures = await sweepLesson(ctx.page, ctx.site, slug);
    assert.deepEqual(failures, [], `#/${slug}:\n${failures.join('\n')}`);
  });
}
