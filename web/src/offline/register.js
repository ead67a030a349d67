// Offline after one visit: registers the service worker (web/src/offline/sw.js) once the first
// lesson is interactive, so its precache download never competes with the first lesson.
//
// Updates without a mixed state: a new build's worker installs beside the old one and waits.
// This page then offers a reload (a status line with a button) and applies the update by itself
// at the learner's next change of lesson, a moment when nothing on screen is lost (the lesson and
// every widget's state are in the URL, progress in localStorage). When the new worker takes over,
// every open tab of the site reloads at once, so no page ever loads chunks of two builds; except
// a tab holding work the URL does not keep (a model it trained, state/unsaved-work.js): that one
// says a new version is ready and reloads when the learner asks or leaves the lesson. It has
// already loaded every chunk of its build (main.js fetches them all before registering), so it
// runs on as it is.
//
// The offline copy is checked on every load: the worker may be registered with its precache gone
// (precache-repair.js), and then it is downloaded again before the page calls itself ready.
// <html data-sw="active" | "waiting" | "held" | "incomplete" | "unverified" | "unsupported" |
// "failed"> tells tests where it is.
import { Workbox, messageSW } from 'workbox-window';
import { el } from '../ui/dom.js';
import { unsavedWork } from '../state/unsaved-work.js';
import './offline.css';

// A tab left open for days still hears of a new build (the browser itself checks on navigation).
const CHECK_EVERY_MS = 60 * 60 * 1000;
// A worker from before the precache check never answers it; a repair downloads a few MB.
const CHECK_TIMEOUT_MS = 120 * 1000;

export function registerOffline({ scriptUrl = './sw.js' } = {}) {
  const root = document.documentElement;
  // The dev server has no worker to register (and a cached page would hide edits).
  if (import.meta.env.DEV) return;
  if (!('serviceWorker' in navigator)) {
    root.dataset.sw = 'unsupported';
    return;
  }
  const updates = updateFlow(root);
  const wb = new Workbox(scriptUrl);
  wb.addEventListener('waiting', () => updates.offer(wb));
  wb.register()
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const check = async () => {
        const whole = await offlineCopyWhole(registration.active);
        if (!['waiting', 'held'].includes(root.dataset.sw)) root.dataset.sw = whole;
        // Found missing while offline: downloaded once the network is back.
        if (whole === 'incomplete') window.addEventListener('online', check, { once: true });
      };
      check();
      setInterval(() => wb.update().catch(() => {}), CHECK_EVERY_MS);
    })
    .catch(() => {
      root.dataset.sw = 'failed'; // e.g. a plain-http host other than localhost: online only
    });
}

/** Asks the worker to check its precache (and download what is missing): 'active' when whole. */
async function offlineCopyWhole(worker) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), CHECK_TIMEOUT_MS)));
  const answer = await Promise.race([messageSW(worker, { type: 'CHECK_PRECACHE' }), timeout]);
  clearTimeout(timer);
  if (answer === null) return 'unverified';
  return answer?.ok === true ? 'active' : 'incomplete';
}

/** The page's side of an update: offer(wb) once a new worker waits; reloads when it takes over. */
function updateFlow(root) {
  // A page that had no controller at load (the first visit) runs on what it downloaded itself,
  // so a first worker taking control changes nothing for it; only a replacement reloads.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  let askedHere = false; // this tab's learner pressed "Reload now": reload whatever it holds
  const notice = el('div', { class: 'update-notice', role: 'status' });
  const show = (text, onclick) =>
    notice.replaceChildren(
      el('span', {}, text),
      el('button', { type: 'button', class: 'button small', onclick }, 'Reload now'),
    );
  const reload = () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  };

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    if (askedHere || !unsavedWork.any) return reload();
    // A tab that trained a model would lose it: it waits for the learner, or until the lesson
    // (and the model with it) is gone.
    root.dataset.sw = 'held';
    show('A new version is ready — reload when your training is done.', reload);
    if (!notice.isConnected) document.body.append(notice);
    unsavedWork.subscribe((any) => any || reload());
  });

  return {
    offer(wb) {
      if (root.dataset.sw === 'waiting' || root.dataset.sw === 'held') return;
      root.dataset.sw = 'waiting';
      const apply = () => {
        notice.querySelector('button').disabled = true;
        wb.messageSkipWaiting();
      };
      show('A new version of this tutorial is ready; it loads when you change lesson.', () => {
        askedHere = true;
        apply();
      });
      document.body.append(notice);
      window.addEventListener('hashchange', apply, { once: true });
    },
  };
}
