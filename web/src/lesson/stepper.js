// A stepper (the lesson's ```steps``` fences, web/plugins/markdown.js) shows a long derivation one
// stage at a time, so a phone page stays short and the learner meets one matrix at a time. The
// HTML holds every stage; this only adds the controls and hides the stages not being read, so
// without it (and in print, stepper.css) everything shows. "Show all" shows every stage at once.
import { el } from '../ui/dom.js';

/**
 * mountStepper(root, { start, all, onChange }) -> { show(i), showAll(on), destroy() }
 * start: the stage to open with; all: every stage shown; onChange({ at, all }) on a learner's
 * change (at is 0-based), to keep it in the URL.
 */
export function mountStepper(root, { start = 0, all: startAll = false, onChange = () => {} } = {}) {
  const stages = [...root.querySelectorAll(':scope > .stepper-step')];
  const titles = stages.map((s) => s.querySelector('.stepper-title'));
  const status = el('p', { class: 'stepper-status', 'aria-live': 'polite' });
  const prev = el('button', { type: 'button', class: 'button small', onclick: () => go(current - 1) }, '← Previous');
  const next = el(
    'button',
    { type: 'button', class: 'button small primary', onclick: () => go(current + 1) },
    'Next →',
  );
  const all = el(
    'button',
    { type: 'button', class: 'button small', 'aria-pressed': 'false', onclick: () => showAll(!everything) },
    'Show all stages',
  );
  const nav = el('div', { class: 'stepper-nav' }, prev, status, next, all);
  // Below the stage, where the reader finishes it; the status says where they are.
  root.append(nav);
  root.classList.add('stepper-live');
  let current = Math.min(Math.max(0, start), stages.length - 1);
  let everything = startAll;

  function render() {
    stages.forEach((s, i) => {
      s.hidden = !everything && i !== current;
    });
    prev.hidden = next.hidden = everything;
    prev.disabled = current === 0;
    next.disabled = current === stages.length - 1;
    status.textContent = everything
      ? `All ${stages.length} stages shown`
      : `Stage ${current + 1} of ${stages.length}: ${titles[current]?.textContent.replace(/^Stage \d+: /, '') ?? ''}`;
    all.setAttribute('aria-pressed', String(everything));
    all.textContent = everything ? 'One stage at a time' : 'Show all stages';
  }

  // Figures mounted in a hidden stage measured nothing: once one shows, let anything sized on
  // resize size itself. (Not while mounting: nothing has been measured yet.)
  function reveal() {
    render();
    window.dispatchEvent(new Event('resize'));
  }

  function go(i) {
    if (i < 0 || i >= stages.length) return;
    current = i;
    reveal();
    onChange({ at: current, all: everything });
    // The reader moves on to the new stage: its title takes focus, at the top of the view.
    const title = titles[current];
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
    title.scrollIntoView({ block: 'start', behavior: 'instant' });
  }

  function showAll(on) {
    everything = on;
    reveal();
    onChange({ at: current, all: everything });
  }

  render();
  return {
    show: go,
    showAll,
    destroy() {
      nav.remove();
      root.classList.remove('stepper-live');
      stages.forEach((s) => (s.hidden = false));
    },
  };
}

/**
 * The URL key of a lesson's stepper `index`: "steps_1" ... A widget's name has no "_", so no
 * widget key can be the same.
 */
export const stepperKey = (index) => `steps_${index + 1}`;

/**
 * Every stepper in a lesson body. The URL's { at (1-based), all } for its key opens it where the
 * link was made; without them, a stage holding a figure the link carries state for opens first.
 * setState(key, patch) writes a learner's change back (the first stage, one at a time, is no state).
 */
export function mountSteppers(body, { state = {}, setState = () => {}, holdsLinkedFigure = () => false } = {}) {
  return [...body.querySelectorAll('.stepper')].map((root) => {
    const key = stepperKey(Number(root.dataset.stepperIndex));
    const stages = [...root.querySelectorAll(':scope > .stepper-step')];
    const own = state[key] || {};
    const at = Number(own.at);
    const linked = stages.findIndex((s) => [...s.querySelectorAll('.widget-mount')].some(holdsLinkedFigure));
    // A stage number the lesson no longer has (an old link) falls back like a missing one.
    const start = Number.isInteger(at) && at >= 1 && at <= stages.length ? at - 1 : Math.max(0, linked);
    return mountStepper(root, {
      start,
      all: own.all === '1',
      onChange: ({ at: i, all }) => setState(key, { at: i > 0 ? i + 1 : undefined, all: all ? '1' : undefined }),
    });
  });
}
