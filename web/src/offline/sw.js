// The service worker: serves the whole site from a precache, so a reload or a new tab works with
// the network off once one visit has installed it. vite-plugin-pwa builds this file and fills in
// self.__WB_MANIFEST (every file of dist/ with a revision) at build time.
//
// Updates: a new build's worker precaches the new files beside the old ones and then waits; it
// neither takes over open pages by itself nor deletes the old files, so an open page keeps
// loading its own build's chunks. It takes over when the page asks (SKIP_WAITING, sent by
// web/src/offline/register.js, which reloads every open tab onto the new build at that moment)
// or when every tab of the site has been closed. Only then are the old files dropped.
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { repairPrecache } from './precache-repair.js';

// Its own controller rather than precacheAndRoute's hidden one: the repair needs its entries.
const precache = new PrecacheController();
precache.precache(self.__WB_MANIFEST);
// A page's query string is its state (embed.html?w=softmax), not another file: match the
// precached file whatever the parameters (the built assets' names carry their content hash).
// The site's pages are files of the precache (index.html, also as the bare directory URL, and
// embed.html; the lesson is in the hash, so there are no other paths), and this route serves
// them. Every other navigation goes to the network untouched: no route answers it with the
// lesson page, so self-attention-live.html (built after this manifest, too big to precache for
// everyone) opens as itself, and a mistyped path gets the server's 404.
registerRoute(new PrecacheRoute(precache, { ignoreURLParametersMatching: [/.*/] }));
// Caches left by older versions of Workbox's precache format; runs at activation only.
cleanupOutdatedCaches();

// Two tabs loading at once ask together: one repair answers both.
let repairing = null;
const repair = () =>
  (repairing ??= repairPrecache(precache, {
    registration: self.registration,
  }).finally(() => (repairing = null)));

self.addEventListener('message', (event) => {
  const type = event.data?.type;
  if (type === 'SKIP_WAITING') self.skipWaiting();
  // The page asks on each load whether its offline copy is whole (precache-repair.js).
  if (type === 'CHECK_PRECACHE' && event.ports[0]) {
    event.waitUntil(
      repair().then(
        (result) => event.ports[0].postMessage(result),
        () => event.ports[0].postMessage({ ok: false }),
      ),
    );
  }
});
