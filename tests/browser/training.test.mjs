// Lesson 9's training widget in a real browser: the trainer runs in a worker, the controls work
// while it runs, the curves and maps follow it, default settings learn the task, and bad input
// gets a message. Figures (steps and seconds to 95%, click latency, long tasks) are printed for
// the report; only the step count is asserted (the trainer's tested target), never a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, axeSerious } from './helpers.mjs';
import { siteOptions, hashSettled as settled, TEN_THOUSAND_WORDS, keepsMaxLength } from './widget-harness.mjs';
import { SENTENCE_MAX } from '../../web/src/widgets/training.schema.js';

let site;
let page;

before(async () => {
  site = await startSite(siteOptions());
  page = await site.newPage();
  // Long tasks on the main thread, from the first paint on (read by longTasks()).
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
});
after(async () => {
  await site?.close();
});

const widget = () => page.locator('.widget-training').first();
const button = (name) => widget().getByRole('button', { name, exact: true });
const step = async () => Number(await widget().getAttribute('data-step'));
const nowCells = () => widget().locator('[data-map="now"] table.matrix tbody td').allTextContents();

async function openLesson(hash = '#/training') {
  await site.open(page, hash);
  await page.waitForSelector('.widget-training[data-ready="true"][data-step]', { timeout: 20000 });
  page.clearProblems();
}

// predicate: 's === n' or 's >= n'. Parsed here, not evaluated in the page: the page's CSP
// forbids new Function.
async function waitStep(predicate, timeout = 20000) {
  const [, op, n] = /^s (===|>=) (\d+)$/.exec(predicate);
  await page.waitForFunction(
    ([atLeast, target]) => {
      const s = Number(document.querySelector('.widget-training')?.dataset.step);
      return atLeast ? s >= target : s === target;
    },
    [op === '>=', Number(n)],
    { timeout },
  );
  return step();
}

async function messageOf(input) {
  const ids = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  return (await Promise.all(ids.map((id) => page.locator(`#${id}`).textContent()))).join(' ');
}

const hashSettled = (substring) => settled(page, substring, { timeout: 5000 });

const longTasks = () => page.evaluate(() => window.__longTasks.slice());

test('step, train, pause and reset drive the trainer; the curves and maps follow', async () => {
  await openLesson();
  assert.equal(await step(), 0);
  const untrained = await nowCells();
  assert.ok(untrained.length >= 25, 'a 5x5 map per head for "the old cars are fast"');
  const cell = widget()
    .locator('[data-map="now"] table.matrix tbody td')
    .nth(4 * 5 + 2); // row "fast", column "cars"
  assert.match(await cell.getAttribute('aria-label'), /“fast” looks at “cars” with weight 0\.\d{4}/);
  assert.equal(await cell.getAttribute('title'), await cell.getAttribute('aria-label'), 'the number on hover');
  // Untrained, the model is near chance and says so: held-out loss about ln 8 = 2.08, and its
  // answer no surer than a blind guess among the 8 nouns would explain.
  const loss = Number(
    (await widget().locator('.train-readout tr', { hasText: 'loss' }).locator('td').last().textContent()).trim(),
  );
  assert.ok(Math.abs(loss - Math.log(8)) < 0.1 * Math.log(8), `held-out loss at step 0: ${loss}`);
  const said = await widget().locator('[data-map="before"]').textContent();
  const [, sure] = /\((\d+)% sure; a blind guess among the 8 would be 13%\)/.exec(said) ?? [];
  assert.ok(Number(sure) < 25, `before training: ${said.slice(0, 120)}`);

  // Keyboard: the transport buttons are real buttons (Enter and Space press them).
  await button('Step').focus();
  await page.keyboard.press('Enter');
  assert.equal(await waitStep('s === 1'), 1, 'one step');
  await widget().getByLabel('Speed (steps per second)').fill('200');
  await button('Train').click();
  await waitStep('s >= 150');
  assert.equal(await widget().getAttribute('data-running'), 'true');
  assert.notDeepEqual(await nowCells(), untrained, 'the current map changed while training');
  const points = Number(await widget().locator('.curves-block').getAttribute('data-points'));
  assert.ok(points >= 3, `the curves have points (${points})`);
  const readout = await widget().locator('.train-readout').textContent();
  assert.doesNotMatch(readout, /NaN|Infinity/);

  await button('Pause').click();
  await page.waitForFunction(() => document.querySelector('.widget-training').dataset.running === 'false');
  // The worker confirms with the step it really stopped at (progress already on its way may lag
  // by up to 100 ms of steps, more now that a step takes ~0.1 ms); count from that confirmation.
  await widget()
    .getByText(/Paused at step/)
    .waitFor();
  const paused = await step();
  await page.waitForTimeout(400);
  assert.equal(await step(), paused, 'no steps while paused');

  await button('Reset').click();
  assert.equal(await waitStep('s === 0'), 0);
  assert.deepEqual(await nowCells(), untrained, 'reset brings back the same untrained weights (same seed)');
  assert.ok(Number(await widget().locator('.curves-block').getAttribute('data-points')) <= 1, 'curves cleared');
  // The run just reset stays on the chart in grey, named by its settings.
  assert.match(await widget().locator('.previous-run').textContent(), /previous run \(.*1 head, width 16, seed 1/);
  assert.deepEqual(page.problems(), []);
});

test('default settings reach 95% held-out accuracy within 3,000 steps (figures printed)', async () => {
  await openLesson();
  const atLoad = (await longTasks()).length;
  const t0 = Date.now();
  await button('Train').click();
  await page.waitForSelector('.widget-training[data-reached-step]', { timeout: 60000 });
  const seconds = (Date.now() - t0) / 1000;
  const reachedStep = Number(await widget().getAttribute('data-reached-step'));
  const attention = Number(await widget().getAttribute('data-reached-attention'));
  const all = await longTasks();
  const [loading, training] = [all.slice(0, atLoad), all.slice(atLoad)];
  console.log(
    `# default speed (${await widget().getByLabel('Speed (steps per second)').inputValue()} steps/s): 95% held-out accuracy at step ${reachedStep} after ${seconds.toFixed(1)} s; mean adjective->noun attention ${attention.toFixed(3)}`,
  );
  assert.ok(reachedStep <= 3000, `reached at step ${reachedStep}`);

  // The same run flat out.
  await button('Reset').click();
  await waitStep('s === 0');
  // Fast-forward pressed while stopped starts training by itself.
  const t1 = Date.now();
  await button('Fast-forward').click();
  await page.waitForSelector('.widget-training[data-reached-step]', { timeout: 60000 });
  const fastSeconds = (Date.now() - t1) / 1000;
  const fastStep = Number(await widget().getAttribute('data-reached-step'));
  console.log(
    `# fast-forward: 95% held-out accuracy at step ${fastStep} (progress every ~100 ms) after ${fastSeconds.toFixed(2)} s; attention ${Number(await widget().getAttribute('data-reached-attention')).toFixed(3)}`,
  );
  // Held-out accuracy is measured on the same grid of steps at any speed: the same step.
  assert.equal(fastStep, reachedStep, 'the same "reached 95% at step N" at normal speed and in fast-forward');
  assert.equal(fastStep % 10, 0, 'a step of the evaluation grid');
  // The legends show the latest values without hovering.
  const legend = await widget().locator('.u-legend .u-value').allTextContents();
  assert.ok(legend.length >= 3 && legend.slice(1).some((x) => /\d/.test(x)), `legend values: ${legend}`);
  assert.ok(!legend.slice(1, 3).includes('—'), `training and held-out values shown: ${legend}`);
  await button('Pause').click();
  const ms = (list) => `${list.length} ${JSON.stringify(list.map((t) => Math.round(t.duration)))}`;
  console.log(
    `# long tasks (> 50 ms) on the main thread: loading the lesson ${ms(loading)}, training at default speed ${ms(training)}`,
  );
});

test('the page answers clicks while training runs flat out; no long tasks while it trains', async () => {
  await openLesson();
  // Long tasks from now on (the observer reports the lesson's loading ones late, so count by time).
  const since = await page.evaluate(() => performance.now());
  await button('Fast-forward').click(); // starts training flat out
  await waitStep('s >= 50');
  // Time from the browser receiving the click to the handler running, and to the next frame.
  await page.evaluate(() => {
    window.__clicks = [];
    document.querySelector('.widget-training .vocab-list summary').addEventListener('click', (e) => {
      const handled = performance.now();
      requestAnimationFrame(() =>
        window.__clicks.push({ handler: handled - e.timeStamp, frame: performance.now() - e.timeStamp }),
      );
    });
  });
  const summary = widget().locator('.vocab-list summary');
  for (let i = 0; i < 10; i++) {
    await summary.click();
    await page.waitForTimeout(150);
  }
  const clicks = await page.evaluate(() => window.__clicks);
  const during = (await longTasks()).filter((t) => t.start >= since);
  const s = await step();
  await button('Pause').click();
  const sorted = (k) => clicks.map((c) => c[k]).sort((a, b) => a - b);
  const handler = sorted('handler');
  const frame = sorted('frame');
  console.log(
    `# ${clicks.length} clicks while training (${s} steps by then): click->handler median ${handler[5].toFixed(1)} ms, max ${handler[9].toFixed(1)} ms; click->next frame median ${frame[5].toFixed(1)} ms, max ${frame[9].toFixed(1)} ms`,
  );
  console.log(
    `# long tasks during fast-forward training: ${during.length} ${JSON.stringify(during.map((t) => Math.round(t.duration)))}`,
  );
  assert.equal(clicks.length, 10, 'every click was handled while training');
  assert.ok(
    await widget()
      .locator('.vocab-list')
      .evaluate((d) => typeof d.open === 'boolean'),
  );
  // A long task means > 50 ms on the main thread; training lives in the worker, so none is expected.
  // Only a frozen page is asserted here (a loaded 2-core CI machine can stretch a busy frame).
  assert.ok(
    during.every((t) => t.duration < 250),
    `no frozen page: ${JSON.stringify(during)}`,
  );
  assert.deepEqual(page.problems(), []);
});

test('own sentences: predictions, unknown words and hostile text get a message', async () => {
  await openLesson();
  await button('Fast-forward').click(); // starts training flat out
  await page.waitForSelector('.widget-training[data-reached-step]', { timeout: 60000 });
  await button('Pause').click();

  const box = widget().getByLabel('Type a sentence from the words below');
  await box.fill('i think these little dogs were so loud');
  await page.waitForFunction(() =>
    document
      .querySelector('.widget-training [data-map="now"] .prediction:not(.layer-story)')
      .textContent.includes('loud'),
  );
  const prediction = await widget().locator('[data-map="now"] .prediction:not(.layer-story)').textContent();
  assert.match(prediction, /At “loud” the model answers “dogs”/, prediction);
  assert.equal(await box.getAttribute('aria-invalid'), null);
  await hashSettled('training.sentence=i think these little dogs were so loud');

  const cases = [
    ['transformers are awesome', /unknown word 'awesome'/i],
    ['', /empty/i],
    ['   ', /empty/i],
    [TEN_THOUSAND_WORDS, /too long/i], // its first SENTENCE_MAX characters (the box's maxlength)
    ['<img src=x onerror=alert(1)>', /unknown word '<img'/i],
    ['the old cars', /no word to ask about/i],
  ];
  for (const [text, expected] of cases) {
    await box.fill(text);
    await page
      .waitForFunction(
        ([id, src]) => new RegExp(src, 'i').test(document.getElementById(id)?.textContent || ''),
        [(await box.getAttribute('aria-describedby')).split(' ').pop(), expected.source],
        { timeout: 5000 },
      )
      .catch(() => {}); // the assertion below names the case
    assert.match(await messageOf(box), expected, JSON.stringify(text.slice(0, 30)));
  }
  // "the old cars" is readable (only nothing to ask about): the maps show its three words.
  assert.equal(await widget().locator('[data-map="now"] table.matrix').first().locator('tbody tr').count(), 3);
  await keepsMaxLength(box, SENTENCE_MAX);
  assert.equal(await page.locator('.lesson img').count(), 0, 'no markup injected');
  assert.doesNotMatch(await widget().textContent(), /NaN|Infinity|undefined/);
  assert.deepEqual(page.problems(), []);
  // Trained, with a message showing: still no serious accessibility violation.
  // The rest of the lesson is as lessons-desktop.test.mjs scans it in full: here, what this test changed.
  assert.deepEqual(await axeSerious(page, { within: '.widget-training' }), []);
});

test('numeric inputs reject bad values with a message; training goes on', async () => {
  await openLesson();
  const fields = [
    ['Learning rate', ['', 'NaN', 'Infinity', '1e308', 'abc', '-0.01', '0', '<img src=x onerror=alert(1)>'], '0.02'],
    ['Seed', ['', 'NaN', 'Infinity', '1e308', 'abc', '-1', '1.5'], '3'],
    ['Speed (steps per second)', ['', 'NaN', 'Infinity', '1e308', 'abc', '-5', '0'], '150'],
  ];
  for (const [label, bad, good] of fields) {
    const input = widget().getByLabel(label, { exact: true });
    for (const value of bad) {
      await input.fill(value);
      assert.match(await messageOf(input), /\S/, `${label} <- ${JSON.stringify(value)}: a message`);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} <- ${JSON.stringify(value)}`);
    }
    await input.fill(good);
    assert.equal(await input.getAttribute('aria-invalid'), null, `${label}: valid again`);
  }
  for (const kv of ['training.lr=0.02', 'training.seed=3', 'training.speed=150']) await hashSettled(kv);
  await button('Train').click();
  await waitStep('s >= 20');
  await button('Pause').click();
  assert.doesNotMatch(await widget().locator('.train-readout').textContent(), /NaN|Infinity/);
  assert.deepEqual(page.problems(), []);
});

test('settings start over; a deep link restores them', async () => {
  await openLesson();
  await button('Step').click();
  await waitStep('s === 1');
  await widget().getByLabel('Heads').selectOption('1');
  assert.equal(await waitStep('s === 0'), 0, 'a new model starts at step 0');
  await page.waitForFunction(
    () => document.querySelector('.widget-training').querySelectorAll('[data-map="now"] table.matrix').length === 1,
  );
  assert.match(await widget().locator('.train-status:not(.milestone-note)').textContent(), /starts over/);

  await openLesson(
    '#/training?training.heads=4&training.width=32&training.ln=1&training.seed=7&training.task=pronouns&training.speed=max',
  );
  assert.equal(await widget().getByLabel('Heads').inputValue(), '4');
  assert.equal(await widget().getByLabel('Width').inputValue(), '32');
  assert.equal(await widget().getByLabel('Task').inputValue(), 'pronouns');
  assert.equal(await widget().getByLabel('Seed').inputValue(), '7');
  assert.ok(await widget().getByLabel('Layer norm').isChecked());
  assert.equal(await button('Fast-forward').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(
    () => document.querySelector('.widget-training').querySelectorAll('[data-map="now"] table.matrix').length === 4,
  ); // one map per head
  // The pronoun task picks its own example sentence.
  assert.match(await widget().getByLabel('Type a sentence from the words below').inputValue(), /\bit\b/);
  await button('Step').click();
  assert.equal(await waitStep('s === 1'), 1);
  assert.deepEqual(page.problems(), []);
});

test('once the site has loaded, the training demo also works offline', async () => {
  const ctx = await site.browser.newContext();
  const p = await ctx.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${site.origin}/#/`);
  await p.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 20000 });
  await p.waitForTimeout(500); // the engine bytes for the worker follow the widget module
  await ctx.setOffline(true);
  await p.evaluate(() => {
    location.hash = '#/training';
  });
  await p.waitForSelector('.widget-training[data-ready="true"][data-step]', { timeout: 20000 });
  await p.locator('.widget-training').first().getByRole('button', { name: 'Step', exact: true }).click();
  await p.waitForFunction(() => document.querySelector('.widget-training').dataset.step === '1');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('at 390 px the attention lines keep every word whole: a long sentence scrolls sideways instead', async () => {
  const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await site.open(phone, '#/training');
    const second = phone.locator('.widget-training').nth(1);
    await second.locator('.attention-lines button.lines-token').first().waitFor({ timeout: 30000 });
    // The pronoun sentence: ten words, longer than a phone is wide at any readable size.
    const broken = await second.locator('.attention-lines').evaluate((fig) =>
      [...fig.querySelectorAll('.lines-token')]
        .filter((t) => {
          const word = t.querySelector('.lines-word') ?? t.firstChild;
          const r = document.createRange();
          r.selectNodeContents(word.nodeType === 3 ? word : (word.firstChild ?? word));
          return r.getClientRects().length > 1; // the word is drawn on more than one line
        })
        .map((t) => t.textContent),
    );
    assert.deepEqual(broken, [], 'no word is broken across lines');
    const scroll = second.locator('.attention-lines .lines-scroll');
    assert.ok(
      await scroll.evaluate((s) => s.scrollWidth > s.clientWidth && s.classList.contains('scrolls')),
      'the lines scroll sideways, with the scroll cue',
    );
  } finally {
    await phone.close();
  }
});

test('two layers: the maps say in words where "it" looks in each layer, early against late', async () => {
  await openLesson();
  const two = page.locator('.widget-training').nth(1);
  await page.waitForFunction(
    () => document.querySelectorAll('.widget-training[data-ready="true"]').length === 2,
    null,
    {
      timeout: 20000,
    },
  );
  // One layer (the first demo): no per-layer sentence.
  assert.deepEqual(
    (await widget().locator('.layer-story').allTextContents()).filter((t) => t !== ''),
    [],
  );
  await two.getByRole('button', { name: 'Fast-forward', exact: true }).click();
  // The run reaches 95% at step 90 (training.facts.js, checked by the lesson's claims); from
  // then on layer 1's row of "it" is on "tired" and layer 2's on "animal" (0.9x, or 1.00 when the
  // pause lands later on a busy machine).
  await page.waitForFunction((root) => Number(root.dataset.reachedStep) > 0, await two.elementHandle(), {
    timeout: 60000,
  });
  await two.getByRole('button', { name: 'Pause', exact: true }).click();
  const story = await two.locator('.layer-story').last().textContent();
  assert.match(
    story,
    /The row of “it” looks in layer 1 mostly at “tired” \((?:0\.9\d|1\.00)\), in layer 2 mostly at “animal” \((?:0\.9\d|1\.00)\)\./,
  );
  // Before training, the same sentence names both layers too.
  const beforeStory = await two.locator('.layer-story').first().textContent();
  assert.match(beforeStory, /in layer 1 mostly at .*, in layer 2 mostly at /);
  assert.deepEqual(page.problems(), []);
});

test('the maps sit where the prose says: step 0 beside now (one layer); layer 1 above layer 2 in both maps of the two-layer run', async () => {
  await openLesson(); // 1280 px wide
  await page.waitForFunction(() => document.querySelectorAll('.widget-training[data-ready="true"]').length === 2);
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll('.widget-training')].map((w) => {
      const box = (n) => {
        const r = n.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      const panel = (name) => w.querySelector(`[data-map="${name}"]`);
      const layers = (p) =>
        [...p.querySelectorAll('.matrix-block')]
          .filter((b) => /Layer [12]\b/.test(b.textContent))
          .map((b) => ({ layer: /Layer ([12])\b/.exec(b.textContent)[1], ...box(b) }));
      return {
        before: box(panel('before')),
        now: box(panel('now')),
        layers: { before: layers(panel('before')), now: layers(panel('now')) },
      };
    }),
  );
  // Lesson 9's one-layer run: "keeps the maps from step 0 beside the current ones".
  const [one] = boxes;
  assert.ok(one.before.right <= one.now.left + 1, 'step 0 is left of now');
  assert.ok(Math.abs(one.before.top - one.now.top) < 2, 'step 0 and now start level');
  // The one-layer run names no layers; the two-layer run stacks layer 1 on layer 2 in both panels.
  assert.deepEqual(boxes[0].layers, { before: [], now: [] });
  for (const panel of ['before', 'now']) {
    const [one, two] = boxes[1].layers[panel];
    assert.deepEqual([one?.layer, two?.layer], ['1', '2'], `${panel}: layer 1, then layer 2`);
    assert.ok(one.bottom <= two.top + 1, `${panel}: layer 1 above layer 2`);
    assert.ok(one.left < two.right && two.left < one.right, `${panel}: in one column`);
  }
});
