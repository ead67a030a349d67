// Renders one lesson module (built by web/plugins/content-plugin.js) into the page and mounts its
// widgets and exercises. Widget modules load on demand: web/src/widgets/<name>.js (its config
// schema, <name>.schema.js, is imported by the module itself).
import { el } from '../ui/dom.js';
import { getEngine } from '../engine.js';
import { mountExercise } from './exercise.js';
import { mountPredict } from './predict.js';
import './predict.css'; // here, not in predict.js, so Node tests can import the module
import { progress } from '../state/progress.js';

const widgetModules = import.meta.glob(['../widgets/*.js', '!../widgets/*.schema.js', '!../widgets/*.facts.js']);

function widgetLoader(name) {
  return widgetModules[`../widgets/${name}.js`];
}

/** Load every widget module (and the engine) without mounting: see warmUp() in main.js. */
export function preloadWidgets() {
  return Promise.allSettled([getEngine(), ...Object.values(widgetModules).map((load) => load())]);
}

function showMountError(root, text) {
  root.replaceChildren(el('p', { class: 'widget-error', role: 'alert' }, text));
}

/**
 * renderLesson(article, lesson, { state, setWidgetState }) -> { ready, destroy() }
 * state: { [widgetKey]: { field: string } } from the URL; setWidgetState(key, patch).
 */
export function renderLesson(article, lesson, { state, setWidgetState, headingId }) {
  const body = el('div', { class: 'lesson-body' });
  body.innerHTML = lesson.html; // build-time HTML from content/, never user text
  article.replaceChildren(el('h1', { id: headingId, tabindex: '-1' }, lesson.title), body);

  const mounted = [];
  let alive = true;
  const needsEngine = lesson.widgets.length > 0 || lesson.exercises.length > 0 || lesson.predictions?.length > 0;
  const engine = needsEngine ? getEngine() : null;

  body.querySelectorAll('.exercise-mount').forEach((section) => {
    const index = Number(section.dataset.exerciseIndex);
    mounted.push(
      mountExercise(section, lesson.exercises[index], {
        engine,
        number: index + 1,
        solved: progress.solved(lesson.slug, index),
        onSolved: () => progress.markSolved(lesson.slug, index),
      }),
    );
  });

  body.querySelectorAll('.predict-mount').forEach((section) => {
    mounted.push(mountPredict(section, lesson.predictions[Number(section.dataset.predictIndex)], { engine }));
  });

  const mounting = [...body.querySelectorAll('.widget-mount')].map(async (root) => {
    const spec = lesson.widgets[Number(root.dataset.widgetIndex)];
    root.dataset.widget = spec.name;
    const load = widgetLoader(spec.name);
    if (!load) {
      showMountError(root, `The interactive figure "${spec.name}" is not part of this build yet.`);
      return;
    }
    let mod;
    let eng;
    try {
      [mod, eng] = await Promise.all([load(), engine]);
    } catch (e) {
      showMountError(root, `The interactive figure could not load (${e.message}). Reload the page to try again.`);
      return;
    }
    if (!alive) return;
    root.replaceChildren();
    root.classList.add('widget', `widget-${spec.name}`);
    try {
      const handle = mod.default(root, {
        engine: eng,
        config: structuredClone(spec.config),
        state: { ...(state[spec.key] || {}) },
        setState: (patch) => setWidgetState(spec.key, patch),
      });
      mounted.push(handle || {});
    } catch (e) {
      console.error(e);
      showMountError(root, `The interactive figure stopped with an error: ${e.message}`);
    }
  });

  return {
    // Settles when every widget has mounted or shown its error (tests and screenshots wait on it).
    ready: Promise.allSettled(mounting),
    destroy() {
      alive = false;
      for (const m of mounted) m.destroy?.();
    },
  };
}
