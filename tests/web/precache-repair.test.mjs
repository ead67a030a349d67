// The worker's precache repair (web/src/offline/precache-repair.js) over fake caches, fetch and
// registration: what is missing is downloaded under this build's keys, and nothing is downloaded
// when the server has moved on to another build (its index.html would be stored as this one's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repairPrecache } from '../../web/src/offline/precache-repair.js';

const ORIGIN = 'https://example.org/site/';
const ENTRIES = [
  [`${ORIGIN}index.html`, `${ORIGIN}index.html?__WB_REVISION__=abc`],
  [`${ORIGIN}assets/main-1234.js`, `${ORIGIN}assets/main-1234.js`],
  [`${ORIGIN}assets/engine-5678.wasm`, `${ORIGIN}assets/engine-5678.wasm`],
];

function fakes({ cached = [], newer = false, offline = false, status = 200 } = {}) {
  const store = new Map(cached.map((key) => [key, 'old']));
  const fetched = [];
  return {
    store,
    fetched,
    precache: { strategy: { cacheName: 'precache' }, getURLsToCacheKeys: () => new Map(ENTRIES) },
    registration: {
      installing: null,
      waiting: null,
      async update() {
        if (offline) throw new TypeError('Failed to fetch');
        if (newer) this.installing = {};
      },
    },
    cacheStorage: {
      async open(name) {
        assert.equal(name, 'precache');
        return {
          keys: async () => [...store.keys()].map((url) => ({ url })),
          put: async (key, response) => store.set(key, response),
        };
      },
    },
    async fetchFn(url, init) {
      fetched.push([url, init.cache]);
      return { ok: status === 200, status, redirected: false, url };
    },
  };
}

const run = (f) => repairPrecache(f.precache, f);

test('a whole precache is left alone: no update check, no download', async () => {
  const f = fakes({ cached: ENTRIES.map(([, key]) => key), offline: true });
  assert.deepEqual(await run(f), { ok: true, missing: 0 });
  assert.deepEqual(f.fetched, []);
});

test('a cleared precache is downloaded again under its keys (index.html past the HTTP cache)', async () => {
  const f = fakes({ cached: [ENTRIES[1][1]] });
  assert.deepEqual(await run(f), { ok: true, missing: 2 });
  assert.deepEqual(f.fetched, [
    [ENTRIES[0][0], 'reload'],
    [ENTRIES[2][0], 'default'],
  ]);
  assert.deepEqual([...f.store.keys()].sort(), ENTRIES.map(([, key]) => key).sort());
  assert.equal(f.store.get(ENTRIES[1][1]), 'old', 'what was there stays');
});

test('no repair when the server has another build, when offline, or when a file fails', async () => {
  for (const [what, options] of [
    ['another build', { newer: true }],
    ['offline', { offline: true }],
    ['a 404', { status: 404 }],
  ]) {
    const f = fakes(options);
    assert.deepEqual(await run(f), { ok: false, missing: 3 }, what);
    if (what !== 'a 404') assert.deepEqual(f.fetched, [], `${what}: nothing downloaded`);
  }
});
