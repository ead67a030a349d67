// Wiring: table of contents, hash router, progress, and the lesson view. The URL is the single
// source of truth for what the learner sees: "#/slug?widget.field=value".
// The theme first: it sets <html data-theme> before anything is drawn.
import { theme } from './state/theme.js';
import 'katex/dist/katex.min.css';
import './styles/base.css';
import './styles/ui-kit.css';
import { lessons, loaders } from 'virtual:lessons';
import { parseHash, formatHash } from './router/hash.js';
import { progress } from './state/progress.js';
import { renderLesson, preloadWidgets } from './lesson/view.js';
import { el } from './ui/dom.js';
import { themeSwitch } from './ui/theme-switch.js';
import { PAGES } from './router/pages.js';
import { dueCount } from './review/items.js';

// The pages that are not lessons, loaded when first opened (and prefetched for offline use).
const pageModules = {
  check: () => import('./concept-check/page.js').then((m) => m.mountCheckPage),
  review: () => import('./review/page.js').then((m) => m.mountReviewPage),
};

const SITE = 'Self-attention, live';
const article = document.getElementById('lesson');
const toc = document.getElementById('toc');
const pager = document.getElementById('pager');
const progressBox = document.getElementById('progress');
document.getElementById('theme-switch').replaceChildren(themeSwitch(theme));

let current = { slug: null, state: {}, view: null, token: 0 };
let writeTimer = null;

function solvedIn(lesson) {
  let n = 0;
  for (let i = 0; i < lesson.exercises; i++) if (progress.solved(lesson.slug, i)) n++;
  return n;
}

function renderToc(activeSlug) {
  const list = el(
    'ol',
    { class: 'toc-list' },
    lessons.map((l) =>
      el(
        'li',
        { class: progress.visited(l.slug) ? 'visited' : '' },
        el(
          'a',
          { href: `#/${l.slug}`, 'aria-current': l.slug === activeSlug ? 'page' : false },
          el('span', { class: 'toc-n', 'aria-hidden': 'true' }, String(l.n)),
          el('span', { class: 'toc-title' }, l.nav),
          l.exercises > 0 && solvedIn(l) > 0
            ? el(
                'span',
                { class: 'toc-solved', title: `${solvedIn(l)} of ${l.exercises} exercises solved` },
                el('span', { 'aria-hidden': 'true' }, `${solvedIn(l)}/${l.exercises}`),
                el('span', { class: 'visually-hidden' }, `(${solvedIn(l)} of ${l.exercises} exercises solved)`),
              )
            : null,
          progress.visited(l.slug)
            ? el('span', { class: 'toc-check', 'aria-label': '(visited)', role: 'img' }, '✓')
            : null,
        ),
      ),
    ),
  );
  const more = el(
    'ul',
    { class: 'toc-more' },
    Object.entries(PAGES).map(([slug, page]) =>
      el('li', {}, el('a', { href: `#/${slug}`, 'aria-current': slug === activeSlug ? 'page' : false }, page.nav)),
    ),
  );
  const wasOpen = toc.querySelector('details')?.open;
  const details = el(
    'details',
    { class: 'toc-details', open: wasOpen ?? window.matchMedia('(min-width: 60rem)').matches },
    el('summary', {}, 'Lessons'),
    list,
    more,
  );
  toc.replaceChildren(details);
}

let shownDue = 0;
const anythingAnswered = () =>
  Object.keys(progress.reviewItems()).length > 0 || progress.attempt('before') || progress.attempt('after');

function renderProgress() {
  const s = progress.summary(lessons);
  // Two clicks to forget everything (no modal dialog): the first one asks.
  const reset = el('button', { type: 'button', class: 'button small progress-reset' }, 'Reset');
  reset.setAttribute('aria-label', 'Reset progress');
  let armed = null;
  reset.addEventListener('click', () => {
    if (armed) {
      clearTimeout(armed);
      progress.reset();
      return;
    }
    reset.textContent = 'Really reset?';
    armed = setTimeout(() => {
      armed = null;
      reset.textContent = 'Reset';
    }, 4000);
  });
  const due = dueCount(progress.reviewItems(), lessons, progress.now());
  shownDue = due;
  progressBox.replaceChildren(
    el(
      'a',
      { class: 'review-due', href: '#/review', dataset: { due: String(due) } },
      due > 0 ? `Review: ${due} due` : 'Review',
    ),
    el(
      'label',
      { for: 'progress-bar', class: 'progress-label' },
      `${s.visited} of ${s.lessons} lessons visited · ${s.solved} of ${s.exercises} exercises solved`,
    ),
    el('progress', {
      id: 'progress-bar',
      max: String(Math.max(1, s.lessons + s.exercises)),
      value: String(s.visited + s.solved),
    }),
    s.visited + s.solved > 0 || anythingAnswered() ? reset : null,
  );
}

function renderPager(index) {
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  pager.replaceChildren(
    prev
      ? el(
          'a',
          { class: 'pager-prev', href: `#/${prev.slug}`, rel: 'prev' },
          el('span', { class: 'pager-dir' }, '← Previous'),
          el('span', {}, prev.title),
        )
      : el('span'),
    next
      ? el(
          'a',
          { class: 'pager-next', href: `#/${next.slug}`, rel: 'next' },
          el('span', { class: 'pager-dir' }, 'Next →'),
          el('span', {}, next.title),
        )
      : el(
          'a',
          { class: 'pager-check', href: '#/check' },
          el('span', { class: 'pager-dir' }, 'Finished? →'),
          el('span', {}, 'Take the concept check again'),
        ),
  );
}

/** Above lesson 1, until the learner has taken it: the concept check, to measure the start. */
function checkInvite() {
  if (progress.attempt('before')) return null;
  return el(
    'aside',
    { class: 'check-invite', 'aria-label': 'Concept check' },
    el(
      'p',
      {},
      'Before you start: a few questions on the ideas ahead show what you already know, so that at the end you can see what you learned. ',
      el('a', { href: '#/check' }, 'Take the concept check'),
    ),
  );
}

function sameState(a, b) {
  return formatHash('', a) === formatHash('', b);
}

/** Mirror the current widget state into the URL (debounced; replaceState keeps history clean). */
function setWidgetState(key, patch) {
  const fields = { ...(current.state[key] || {}) };
  for (const [f, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') delete fields[f];
    else fields[f] = String(v);
  }
  current.state = { ...current.state, [key]: fields };
  clearTimeout(writeTimer);
  const slug = current.slug;
  // Marked while a write is due, so a test (or a tool) can tell a settled URL from one about to change.
  document.documentElement.dataset.urlPending = '';
  writeTimer = setTimeout(() => {
    delete document.documentElement.dataset.urlPending;
    if (slug === current.slug) history.replaceState(history.state, '', formatHash(slug, current.state));
  }, 150);
}

function showMessage(title, text) {
  article.replaceChildren(el('h1', { id: 'lesson-title', tabindex: '-1' }, title), el('p', {}, text));
  pager.replaceChildren();
}

/** A page that is not a lesson (#/check, #/review). */
async function routePage(slug, state, focus) {
  if (slug === current.slug) return;
  clearTimeout(writeTimer);
  delete document.documentElement.dataset.urlPending;
  current.view?.destroy();
  delete document.documentElement.dataset.ready;
  const token = current.token + 1;
  current = { slug, state, view: null, token };
  document.title = `${PAGES[slug].title} · ${SITE}`;
  renderToc(slug);
  pager.replaceChildren();
  let mount;
  try {
    mount = await pageModules[slug]();
  } catch (e) {
    if (token === current.token)
      showMessage(PAGES[slug].title, `This page could not load (${e.message}). Check the connection and reload.`);
    return;
  }
  if (token !== current.token) return;
  current.view = mount(article, { progress, headingId: 'lesson-title' });
  current.view.ready.then(() => {
    if (token === current.token) document.documentElement.dataset.ready = slug;
    warmUp();
  });
  if (focus) {
    window.scrollTo(0, 0);
    document.getElementById('lesson-title')?.focus({ preventScroll: true });
  }
}

async function route({ focus = true } = {}) {
  const { slug, state } = parseHash(location.hash);
  if (Object.hasOwn(PAGES, slug)) return routePage(slug, state, focus);
  const index = slug === '' ? 0 : lessons.findIndex((l) => l.slug === slug);
  const lesson = lessons[index];
  if (!lesson) {
    current.view?.destroy();
    current = { slug: null, state: {}, view: null, token: current.token + 1 };
    document.title = `Not found · ${SITE}`;
    if (lessons.length === 0) showMessage('No lessons yet', 'The content folder holds no lessons.');
    else
      showMessage(
        'No such lesson',
        'That link points to a lesson that does not exist. Pick one from the list of lessons.',
      );
    renderToc(null);
    return;
  }
  // Our own replaceState never fires hashchange, but a pasted link for the same lesson does.
  if (lesson.slug === current.slug && sameState(state, current.state)) return;

  clearTimeout(writeTimer);
  delete document.documentElement.dataset.urlPending;
  current.view?.destroy();
  delete document.documentElement.dataset.ready;
  const token = current.token + 1;
  current = { slug: lesson.slug, state, view: null, token };
  document.title = `${lesson.title} · ${SITE}`;
  renderToc(lesson.slug);
  renderPager(index);

  let mod;
  try {
    mod = await loaders[lesson.slug]();
  } catch (e) {
    if (token === current.token)
      showMessage(lesson.title, `This lesson could not load (${e.message}). Check the connection and reload.`);
    return;
  }
  if (token !== current.token) return; // the learner navigated on meanwhile
  current.view = renderLesson(article, mod.default, {
    state,
    setWidgetState,
    headingId: 'lesson-title',
  });
  if (index === 0) article.querySelector('.lesson-body')?.before(checkInvite() ?? '');
  progress.markVisited(lesson.slug);
  current.view.ready.then(() => {
    if (token === current.token) document.documentElement.dataset.ready = lesson.slug;
    warmUp();
  });
  if (focus) {
    window.scrollTo(0, 0);
    document.getElementById('lesson-title')?.focus({ preventScroll: true });
  }
}

// The skip link must not touch the hash: the hash is the route.
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});

progress.subscribe(() => {
  renderProgress();
  renderToc(current.slug);
});
renderProgress();
// Items fall due while the page is open: the header's count follows the clock.
const refreshDue = () => {
  if (dueCount(progress.reviewItems(), lessons, progress.now()) !== shownDue) renderProgress();
};
setInterval(refreshDue, 30 * 1000);
document.addEventListener('visibilitychange', refreshDue);
window.addEventListener('hashchange', () => route());
// Once the first lesson is up (widgets mounted), fetch the rest while the learner reads, so every lesson also
// opens offline (an imported module is never fetched again). <html data-offline="ready"> tells
// tests when that is done.
let warmed = false;
function warmUp() {
  if (warmed) return;
  warmed = true;
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 500));
  idle(async () => {
    document.documentElement.dataset.warmStart = String(performance.now());
    await Promise.allSettled([
      ...Object.values(loaders).map((load) => load()),
      ...Object.values(pageModules).map((load) => load()),
      preloadWidgets(),
    ]);
    // The service worker's own module (and its CSS) is fetched before "ready" too: going offline
    // right after would otherwise fail its import.
    const offline = await import('./offline/register.js').catch(() => null);
    document.documentElement.dataset.offline = 'ready';
    offline?.registerOffline();
  });
}

route({ focus: false });
