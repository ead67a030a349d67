// The embed page (embed.html?w=<widget key>#/<slug>?<key>.<field>=...): one widget of one lesson,
// alone, with the state in its URL, for an <iframe> on another site (the Embed action under
// every widget writes the snippet, web/src/lesson/embed-action.js). It reports its height to the
// page around it, keeps its state in its own URL, links back to the full lesson, and leaves the
// learner's progress alone (a figure on a course page is not a visited lesson).
// The learner's light/dark pick, applied before anything is drawn.
import './state/theme.js';
import 'katex/dist/katex.min.css';
import './styles/base.css';
import './styles/ui-kit.css';
import './styles/embed.css';
import { lessons, loaders } from 'virtual:lessons';
import { parseHash, formatHash } from './router/hash.js';
import { renderLesson } from './lesson/view.js';
import { HEIGHT_MESSAGE } from './lesson/embed-action.js';
import { el } from './ui/dom.js';

const SITE = 'Self-attention, live';
const article = document.getElementById('lesson');
const source = document.getElementById('embed-source');
const key = new URLSearchParams(location.search).get('w') ?? '';
const { slug, state } = parseHash(location.hash);
let current = state;
let writeTimer = null;

function fail(text) {
  article.replaceChildren(el('p', { class: 'widget-error', role: 'alert' }, text));
}

function setWidgetState(widgetKey, patch) {
  const fields = { ...(current[widgetKey] || {}) };
  for (const [f, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') delete fields[f];
    else fields[f] = String(v);
  }
  current = { ...current, [widgetKey]: fields };
  clearTimeout(writeTimer);
  writeTimer = setTimeout(() => {
    history.replaceState(history.state, '', formatHash(slug, current));
    linkBack();
  }, 150);
}

// The full lesson, with this figure's current state, opens in a new tab (not inside the frame). The
// figure travels to other sites, so it names its licence (CC BY 4.0 asks for it) beside the credit.
function linkBack(lesson = lessons.find((l) => l.slug === slug)) {
  const href = new URL(`index.html${formatHash(slug, current)}`, location.href).href;
  source.replaceChildren(
    'From the lesson ',
    el(
      'a',
      { href, target: '_blank', rel: 'noopener' },
      `“${lesson.title}”`,
      el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
    ),
    ` of ${SITE} ↗ (CC BY 4.0)`,
  );
}

// Height changes (a widget opening a panel, fonts arriving) go to the page around the frame,
// which resizes it; the number is all it learns.
function reportHeight() {
  if (window.parent === window) return;
  const post = () =>
    window.parent.postMessage(
      { type: HEIGHT_MESSAGE, key, height: Math.ceil(document.body.getBoundingClientRect().height) },
      '*',
    );
  new ResizeObserver(post).observe(document.body);
  post();
}

async function start() {
  const lesson = lessons.find((l) => l.slug === slug);
  if (!lesson || !key) {
    fail('This embed link names no figure of this site. Copy the code again from the figure’s Embed button.');
    return;
  }
  let view;
  try {
    const mod = await loaders[lesson.slug]();
    view = renderLesson(article, mod.default, { state, setWidgetState, only: key });
  } catch (e) {
    fail(
      e instanceof RangeError ? e.message : `This figure could not load (${e.message}). Reload the page to try again.`,
    );
    return;
  }
  const title = article.querySelector('.widget-title')?.textContent?.trim();
  document.title = `${title ? `${title} · ` : ''}${lesson.title} · ${SITE}`;
  linkBack(lesson);
  await view.ready;
  document.documentElement.dataset.ready = slug;
  // The widget-title is set once the widget mounted.
  const mountedTitle = article.querySelector('.widget-title')?.textContent?.trim();
  if (mountedTitle) document.title = `${mountedTitle} · ${lesson.title} · ${SITE}`;
}

reportHeight();
start();
