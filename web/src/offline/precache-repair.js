// The precache can go while the worker stays registered: a learner clearing "cached images and
// files", or the browser evicting Cache Storage under storage pressure, removes the files but not
// the worker. The worker then falls back to the network for every file, so the site works online
// and looks installed, and offline is gone until the next deployment installs a worker afresh.
// So each page load asks the worker (web/src/offline/register.js), which checks that every entry
// of its precache is there and downloads the missing ones again.
import { copyResponse } from 'workbox-core/copyResponse.js';

/**
 * Makes the precache of `precache` (a workbox-precaching PrecacheController) whole again.
 * -> { ok, missing }: whether every entry is cached now, and how many were not.
 * `registration` is the worker's; `cacheStorage` and `fetchFn` are the worker's caches and fetch.
 */
export async function repairPrecache(precache, { registration, cacheStorage = caches, fetchFn = fetch }) {
  const cache = await cacheStorage.open(precache.strategy.cacheName);
  const have = new Set((await cache.keys()).map((request) => request.url));
  const missing = [...precache.getURLsToCacheKeys()].filter(([, key]) => !have.has(key));
  if (missing.length === 0) return { ok: true, missing: 0 };
  // The files are fetched from the server as it is now, and stored under this build's names. If
  // the server already has another build, its index.html would be stored as this one's and load
  // chunks this worker does not hold: so repair only when the server still serves this worker's
  // script (same bytes, same manifest). A newer worker installs its own files and takes over at
  // the learner's next change of lesson; its pages then repair its own precache if need be.
  try {
    await registration.update();
  } catch {
    return { ok: false, missing: missing.length }; // offline, or the server is unreachable
  }
  if (registration.installing || registration.waiting) return { ok: false, missing: missing.length };
  try {
    for (const [url, key] of missing) {
      // As the install does: a revisioned file (index.html) past the HTTP cache, the others
      // (their names carry their content's hash) from it if there.
      const revisioned = key !== url;
      const response = await fetchFn(url, { credentials: 'same-origin', cache: revisioned ? 'reload' : 'default' });
      if (!response.ok) return { ok: false, missing: missing.length };
      // A redirected response cannot answer a navigation: store a plain copy (as Workbox does).
      await cache.put(key, response.redirected ? await copyResponse(response) : response);
    }
  } catch {
    return { ok: false, missing: missing.length };
  }
  return { ok: true, missing: missing.length };
}
