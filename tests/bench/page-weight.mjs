// npm run bench:page: how heavy and how quick the first visit is, in headless Chromium.
//   - bytes: every response of the first load of the first lesson, each gzip-compressed
//     (zlib level 6, what static hosts commonly send), counting what the lesson needed
//     before the site's idle-time prefetch of the other lessons begins (main.js marks it). The
//     service worker is registered after that prefetch and downloads its precache itself, so
//     none of it is counted here (each load is a fresh context, with no worker installed);
//   - time to first interaction: from navigation start until the first widget has answered
//     an edit made the moment it mounted (sentence retyped, its tables redrawn). Median of 5
//     fresh loads (empty cache each), localhost, no throttling.
// Also checks the engine arrives as application/wasm (so Emscripten compiles it with
// instantiateStreaming while it downloads) and that only one of the two builds is fetched.
// Targets for a first visit on a slow connection: <= 150 KB compressed, first widget live < 1 s.
// Informational: never fails.
// Serves dist/ (npm run build first) on 127.0.0.1:4341 and stops the server at the end.
import { firstLoadResponses, launchBrowser, recordResponses, serveStatic } from '../browser/helpers.mjs';

const PORT = Number(process.env.BENCH_PAGE_PORT ?? 4341);
const LOADS = 5;

const { server, origin } = await serveStatic(undefined, PORT);
const { browser, close } = await launchBrowser();

async function firstVisit() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const responses = recordResponses(page);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, null, { timeout: 30000 });
  // Edit the first widget's first text box and time, inside the page, until its output changes.
  const timing = await page.evaluate(async () => {
    const mountedAt = performance.now();
    const widget = document.querySelector('[class*="widget-"]');
    const input = widget.querySelector('input[type="text"], input:not([type]), textarea');
    const before = widget.innerText;
    input.value = `${input.value} juice`;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      const check = () => (widget.innerText !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    return { widget: widget.className, mountedAt, answeredAt: performance.now() };
  });
  const counted = await firstLoadResponses(page, responses);
  await context.close();
  return { timing, counted, consoleLines };
}

const visits = [];
try {
  for (let i = 0; i < LOADS; i++) visits.push(await firstVisit());
} finally {
  await close();
  await new Promise((r) => server.close(r));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const last = visits.at(-1);
const total = last.counted.reduce((s, r) => s + r.gzip, 0);
const raw = last.counted.reduce((s, r) => s + r.raw, 0);
const wasm = last.counted.filter((r) => r.url.endsWith('.wasm'));
const streamingFailed = visits.some((v) => v.consoleLines.some((l) => /streaming compile failed/.test(l)));

console.log(
  `first load of the first lesson: ${last.counted.length} responses, ${(total / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw)`,
);
for (const r of [...last.counted].sort((a, b) => b.gzip - a.gzip)) {
  console.log(`  ${(r.gzip / 1024).toFixed(1).padStart(6)} KB  ${r.url.replace(origin, '')}  (${r.type})`);
}
console.log(
  `engine: ${wasm.length} .wasm fetched (${wasm.map((r) => r.url.replace(origin, '')).join(', ')}), ` +
    `served as ${wasm.map((r) => r.type).join(', ')}; instantiateStreaming ${streamingFailed ? 'FAILED (fell back)' : 'used'}`,
);
const mounted = median(visits.map((v) => v.timing.mountedAt));
const answered = median(visits.map((v) => v.timing.answeredAt));
console.log(
  `first widget (${last.timing.widget}): mounted at ${mounted.toFixed(0)} ms, answered an edit at ${answered.toFixed(0)} ms ` +
    `after navigation start (median of ${LOADS}: ${visits.map((v) => v.timing.answeredAt.toFixed(0)).join(', ')} ms)`,
);
console.log(
  `targets: <= 150 KB gzip (${total <= 150 * 1024 ? 'met' : 'missed'}), first widget live < 1 s (${answered < 1000 ? 'met' : 'missed'})`,
);
console.log(
  JSON.stringify({
    gzipBytes: total,
    rawBytes: raw,
    responses: last.counted.length,
    mountedMs: +mounted.toFixed(1),
    firstInteractionMs: +answered.toFixed(1),
  }),
);
