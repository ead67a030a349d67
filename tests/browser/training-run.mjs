// A short run of the training widget (lesson 9), for suites that need its worker to have loaded
// the engine and trained: waits until it is ready, trains until step `steps`, then pauses.
export async function trainSteps(page, steps = 20) {
  const widget = page.locator('.widget-training').first();
  await page.waitForSelector('.widget-training[data-ready="true"][data-step]', { timeout: 20000 });
  await widget.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction((n) => Number(document.querySelector('.widget-training').dataset.step) >= n, steps, {
    timeout: 20000,
  });
  await widget.getByRole('button', { name: 'Pause', exact: true }).click();
}
