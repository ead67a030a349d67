// Offline after one visit: registers the service worker (web/src/offline/sw.js) once the first
// lesson is interactive, so its precache download never competes with the first lesson.
//
// Updates without a mixed state: a new build's worker installs beside the old one and waits.
// This page then offers a reload (a status line with a button) and applies the update by itself
// at the learner's next change of lesson, a moment when nothing on screen is lost (the lesson and
// every widget's state are in the URL, progress in localStorage). When the new worker takes over,
// every open tab of the site reloads at once, so no page ever loads chunks of two builds.
// <html data-sw="active" | "waiting" | "unsupported" | "failed"> tells tests where it is.
import { Workbox } from 'workbox-window';
import { el } from '../ui/dom.js';
import './offline.css';

// A tab left open for days still hears of a new build (the browser itself checks on navigation).
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function registerOffline({ scriptUrl = './sw.js' } = {}) {
  const root = document.documentElement;
  // The dev server has no worker to register (and a cached page would hide edits).
  if (import.meta.env.DEV) return;
  if (!('serviceWorker' in navigator)) {
    root.dataset.sw = 'unsupported';
    return;
  }
  // A page that had no controller at load (the first visit) runs on what it downloaded itself,
  // so a first worker taking control changes nothing for it; only a replacement reloads.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    location.reload();
  });

  const wb = new Workbox(scriptUrl);
  wb.addEventListener('waiting', () => offerUpdate(wb));
  wb.register()
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      if (root.dataset.sw !== 'waiting') root.dataset.sw = 'active';
      setInterval(() => wb.update().catch(() => {}), CHECK_EVERY_MS);
    })
    .catch(() => {
      root.dataset.sw = 'failed'; // e.g. a plain-http host other than localhost: online only
    });
}

function offerUpdate(wb) {
  const root = document.documentElement;
  if (root.dataset.sw === 'waiting') return;
  root.dataset.sw = 'waiting';
  const apply = () => {
    button.disabled = true;
    wb.messageSkipWaiting();
  };
  const button = el('button', { type: 'button', class: 'button small', onclick: apply }, 'Reload now');
  document.body.append(
    el(
      'div',
      { class: 'update-notice', role: 'status' },
      el('span', {}, 'A new version of this tutorial is ready; it loads when you change lesson.'),
      button,
    ),
  );
  window.addEventListener('hashchange', apply, { once: true });
}
