// Renders one lesson module (built by web/plugins/content-plugin.js) into the page and mounts its
// widgets and exercises. Widget modules load on demand: web/src/widgets/<name>.js (its config
// schema, <name>.schema.js, is imported by the module itself).
import { el } from '../ui/dom.js';
import { getEngine } from '../engine.js';
import { mountExercise } from './exercise.js';
import { mountPredict } from './predict.js';
import './predict.css'; // here, not in predict.js, so Node tests can import the module
import { mountSteppers } from './stepper.js';
import './stepper.css';
import { progress } from '../state/progress.js';
import { embedAction } from './embed-action.js';
import { watchScrollBoxes } from '../ui/scroll-cue.js';
import { mapStrip } from '../map/strip.js';

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
 * renderLesson(article, lesson, { state, setWidgetState, headingId, only }) -> { ready, destroy() }
 * state: { [widgetKey]: { field: string } } from the URL; setWidgetState(key, patch).
 * only: a widget key: render that widget alone, without the lesson's prose, exercises or Embed
 * actions (the embed page, web/src/embed.js). Throws a RangeError when the lesson has no such widget.
 */
export function renderLesson(article, lesson, { state, setWidgetState, headingId, only }) {
  const body = el('div', { class: 'lesson-body' });
  body.innerHTML = lesson.html; // build-time HTML from content/, never user text
  if (only !== undefined) {
    const index = lesson.widgets.findIndex((w) => w.key === only);
    const mount = body.querySelector(`.widget-mount[data-widget-index="${index}"]`);
    if (index < 0 || !mount) {
      throw new RangeError(
        `The lesson "${lesson.title}" has no interactive figure "${only}" (it has: ${lesson.widgets.map((w) => w.key).join(', ') || 'none'}).`,
      );
    }
    body.replaceChildren(mount);
    article.replaceChildren(body);
  } else {
    article.replaceChildren(
      el('h1', { id: headingId, tabindex: '-1' }, lesson.title),
      mapStrip(lesson.map) ?? '',
      body,
    );
  }

  // Wide matrices and formulas scroll in their own boxes: each shows it and takes the keyboard.
  const mounted = [watchScrollBoxes(body)];
  let alive = true;
  // A link carrying the state of a figure in a later stage was made by someone looking at it.
  const linkedFigure = (mount) => {
    const key = lesson.widgets[Number(mount.dataset.widgetIndex)]?.key;
    return key !== undefined && Object.keys(state[key] || {}).length > 0;
  };
  if (only === undefined)
    mounted.push(...mountSteppers(body, { state, setState: setWidgetState, holdsLinkedFigure: linkedFigure }));
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
        onAnswered: (right) => progress.answered(lesson.slug, 'e', index, right),
      }),
    );
  });

  body.querySelectorAll('.predict-mount').forEach((section) => {
    const index = Number(section.dataset.predictIndex);
    const cover = body.querySelector(`.predict-cover[data-predict-cover="${index}"]`);
    // A link that carries the state of a figure under the cover was made by someone who had
    // opened it: show what they saw (a link shows exactly that), and the guess stays open.
    const linked = cover && [...cover.querySelectorAll('.widget-mount')].some(linkedFigure);
    mounted.push(
      mountPredict(section, lesson.predictions[index], {
        engine,
        cover,
        open: linked,
        onAnswered: (right) => progress.answered(lesson.slug, 'p', index, right),
      }),
    );
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
      // null in the single file, which has no embed page (web/src/single/embed-action.js)
      const embed =
        only === undefined &&
        embedAction(root, { slug: lesson.slug, key: spec.key, name: spec.name, lessonTitle: lesson.title });
      if (embed) root.after(embed);
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
