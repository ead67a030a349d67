// What on a phone-width page is wider than the screen or cut off without showing it.
import { SCROLL_BOXES } from '../../../web/src/ui/scroll-cue.js';

/**
 * What on the page is wider than the screen or cut off, and every box that scrolls sideways
 * without showing it (a shade on the hidden side, drawn with a radial gradient) or without a way
 * in for the keyboard (tabindex 0 and a name). [] when everything is whole or visibly scrolls.
 * Runs in the page: phone.evaluate(unseenOverflow).
 */
export function unseenOverflow() {
  const width = document.documentElement.clientWidth;
  const out = [];
  const describe = (n) =>
    `${n.tagName.toLowerCase()}.${[...n.classList].join('.')}${n.dataset.matrix ? `[${n.dataset.matrix}]` : ''} "${n.textContent.replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
  const clips = (n) => getComputedStyle(n).overflowX !== 'visible';
  const scrolls = (n) => ['auto', 'scroll'].includes(getComputedStyle(n).overflowX);
  if (document.documentElement.scrollWidth > width)
    out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  const lesson = document.getElementById('lesson');
  const reported = new Set(); // the outermost offender only, not each of its descendants
  for (const n of lesson.querySelectorAll('*')) {
    const r = n.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || reported.has(n.parentElement)) continue;
    let box = n.parentElement;
    while (box && box !== lesson && !clips(box)) box = box.parentElement;
    if (!box || box === lesson) {
      if (r.right > width + 1) {
        out.push(`${describe(n)} ends at ${Math.round(r.right)}px, past the screen`);
        reported.add(n);
      }
      continue;
    }
    const b = box.getBoundingClientRect();
    // A 1px clipped box is text for screen readers only (KaTeX's MathML, visually hidden labels);
    // an SVG clips its drawing to its own frame by design (axes, arcs past the last word).
    if (
      box.tagName.toLowerCase() === 'svg' ||
      b.width < 2 ||
      b.height < 2 ||
      (r.right <= b.right + 1 && r.left >= b.left - 1)
    )
      continue;
    if (!scrolls(box) && !reported.has(box)) {
      out.push(`${describe(n)} is cut off by ${describe(box)}, which does not scroll`);
      reported.add(box);
    }
  }
  for (const box of lesson.querySelectorAll('*')) {
    if (!scrolls(box) || box.scrollWidth <= box.clientWidth + 1) continue;
    const where = describe(box);
    if (box.getBoundingClientRect().right > width + 1) out.push(`${where} scrolls but is itself past the screen`);
    if (!/radial-gradient/.test(getComputedStyle(box).backgroundImage)) out.push(`${where} scrolls with no shade`);
    if (box.tabIndex < 0) out.push(`${where} scrolls but the keyboard cannot reach it`);
    if (!box.getAttribute('aria-label') && !box.getAttribute('aria-labelledby')) out.push(`${where} scrolls, no name`);
  }
  return out;
}

// The scroll cues are set in a frame after a render (ui/scroll-cue.js); on a busy machine that can
// be several frames, so wait until every wide scroll box is marked (or 5 s, then report it).
export async function cuesSettled(p) {
  await p
    .waitForFunction(
      (boxes) =>
        [...document.querySelectorAll(`#lesson :is(${boxes})`)].every(
          (b) => b.scrollWidth <= b.clientWidth + 1 || b.classList.contains('scrolls'),
        ),
      SCROLL_BOXES,
      { timeout: 5000 },
    )
    .catch(() => {});
}

/** The lines, predict blocks and exercises that end past the right edge of the screen. */
export const widerThanScreen = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.attention-lines, .predict-mount, .exercise-mount')]
      .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((node) => node.className),
  );

/** Whether the whole page scrolls sideways: { scrollWidth, clientWidth } of the document. */
export const pageWidth = (page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));

/**
 * Every matrix cell, editable or computed: how many there are, and those that cut their number
 * off (lesson 5's 0.12 once showed as "0.1").
 */
export const clippedCells = (page) =>
  page.evaluate(() => {
    const cells = [...document.querySelectorAll('.cell-input, table.matrix td')];
    return {
      count: cells.length,
      clipped: cells
        .filter((n) => n.scrollWidth > n.clientWidth + 1)
        .map((n) => `${n.getAttribute('aria-label') ?? n.textContent} (${n.scrollWidth} > ${n.clientWidth} px)`),
    };
  });
