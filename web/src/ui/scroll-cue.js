// A box that scrolls sideways (a wide matrix, a formula or a head's map on a phone) hides part of
// what it holds, so it must show that it does and be reachable without a mouse. Each box that can
// scroll gets, while its content is wider than itself: the class "scrolls" (ui-kit.css draws a
// shade on the side that continues), tabindex 0 (the arrow keys then scroll it) and role "region"
// with a name taken from its heading or first label, as axe's "scrollable region must have
// keyboard access" asks. A box that fits loses them again, so it adds no stop to the Tab order.
import { THEME_EVENT } from '../state/theme.js';

export const SCROLL_BOXES = '.scroll-x, .trace-scroll, .head-card, .math-display, .matrix-block';

const MARK = 'scrollCue';

function nameOf(box) {
  const heading = box.querySelector('h3, h4, .matrix-label, caption, th');
  // A formula is read once, as its MathML: not its drawn copy or its TeX source too.
  const plain = heading?.cloneNode(true);
  plain?.querySelectorAll('.katex-html, annotation').forEach((n) => n.remove());
  const text = plain?.textContent.replace(/\s+/g, ' ').trim();
  return text ? `${text} (scrolls sideways)` : 'Wide content (scrolls sideways)';
}

// The shade's covers must be the box's own colour, or the one behind it where it has none.
function backdrop(box) {
  for (let n = box; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return '#fff';
}

/** The covers again, in the colours of a theme switched to since the box was marked. */
function recover(root) {
  root.querySelectorAll('.scrolls').forEach((box) => {
    box.style.removeProperty('--cover'); // else the box's own (old) cover is read back
    box.style.setProperty('--cover', backdrop(box));
  });
}

function mark(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls === box.classList.contains('scrolls')) return;
  if (scrolls) box.style.setProperty('--cover', backdrop(box));
  box.classList.toggle('scrolls', scrolls);
  if (scrolls) {
    // Only what the box lacks is added, and remembered, so that fitting again removes just that.
    const wanted = { tabindex: '0', role: 'region', 'aria-label': nameOf(box) };
    if (box.hasAttribute('aria-labelledby')) delete wanted['aria-label'];
    const added = Object.keys(wanted).filter((a) => !box.hasAttribute(a));
    for (const a of added) box.setAttribute(a, wanted[a]);
    box.dataset[MARK] = added.join(' ');
  } else {
    for (const a of (box.dataset[MARK] ?? '').split(' ').filter(Boolean)) box.removeAttribute(a);
    delete box.dataset[MARK];
    // The cover goes too, so a box that fits again is as it was before it ever scrolled.
    box.style.removeProperty('--cover');
    if (!box.getAttribute('style')) box.removeAttribute('style');
  }
}

/** Watch every scroll box under root, now and as widgets render; returns { destroy() }. */
export function watchScrollBoxes(root) {
  if (typeof ResizeObserver === 'undefined') return { destroy() {} };
  const watched = new WeakSet();
  const resized = new ResizeObserver((entries) => entries.forEach((e) => mark(e.target)));
  const consider = (box) => {
    if (!watched.has(box)) {
      watched.add(box);
      resized.observe(box);
    }
    mark(box);
  };
  // Only the boxes around and inside what changed: the training widget redraws its maps many
  // times a second, and the rest of a long lesson need not be measured each time.
  const changedNodes = new Set();
  const scan = () => {
    const nodes = [...changedNodes];
    changedNodes.clear();
    for (const node of nodes) {
      const at = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      if (!at?.isConnected) continue;
      for (
        let box = at.closest(SCROLL_BOXES);
        box && root.contains(box);
        box = box.parentElement?.closest(SCROLL_BOXES)
      )
        consider(box);
      at.querySelectorAll(SCROLL_BOXES).forEach(consider);
    }
  };
  // Content changes without the box changing size (a widget re-renders its matrices) too.
  const changed = new MutationObserver((records) => {
    const idle = changedNodes.size === 0;
    for (const r of records) changedNodes.add(r.target);
    if (idle) requestAnimationFrame(scan);
  });
  changed.observe(root, { childList: true, subtree: true, characterData: true });
  root.querySelectorAll(SCROLL_BOXES).forEach(consider);
  const themed = () => recover(root);
  globalThis.addEventListener(THEME_EVENT, themed);
  return {
    destroy() {
      changed.disconnect();
      resized.disconnect();
      globalThis.removeEventListener(THEME_EVENT, themed);
    },
  };
}
