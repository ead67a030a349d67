// The "Embed" action under every widget: an <iframe> snippet that shows this widget alone
// (web/embed.html) with its current state, for a course page or a slide. The frame reports its
// height; the snippet's few lines of script resize the frame, accepting only messages from that
// frame, from this site's origin, in the expected shape.
import { el, newId } from '../ui/dom.js';
import { parseHash, formatHash } from '../router/hash.js';
import '../styles/embed.css';

export const HEIGHT_MESSAGE = 'self-attention-embed:height';

/** The embed page's URL for widget `key` of lesson `slug` with the URL's current state for it. */
export function embedUrl(slug, key, href = location.href) {
  const fields = parseHash(new URL(href).hash).state[key];
  const url = new URL('embed.html', href);
  url.search = `?w=${encodeURIComponent(key)}`;
  url.hash = formatHash(slug, fields ? { [key]: fields } : {}).slice(1);
  return url.href;
}

const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The HTML a teacher pastes: the frame, sized now, and a listener that keeps it sized.
 * allow="clipboard-write": a frame from another origin may write the clipboard only when the
 * page around it allows it (the Export menu's Copy buttons; without it they show the text to copy).
 */
export function embedSnippet({ src, title, height }) {
  const id = `self-attention-${Math.random().toString(36).slice(2, 8)}`;
  const origin = new URL(src).origin;
  return `<iframe id="${id}" src="${attr(src)}" title="${attr(title)}" width="100%" height="${Math.ceil(height)}" style="border:0;max-width:100%" loading="lazy" allow="clipboard-write"></iframe>
<script>
addEventListener('message', function (e) {
  var f = document.getElementById('${id}'), d = e.data;
  if (!f || e.source !== f.contentWindow || e.origin !== '${origin}') return;
  if (!d || d.type !== '${HEIGHT_MESSAGE}' || typeof d.height !== 'number' || !(d.height >= 40 && d.height <= 20000)) return;
  f.style.height = Math.ceil(d.height) + 'px';
});
</script>
`;
}

/** The Embed disclosure placed after a mounted widget's root. */
export function embedAction(root, { slug, key, name, lessonTitle }) {
  const statusId = newId('embed');
  const textarea = el('textarea', {
    class: 'embed-code',
    readonly: true,
    rows: '6',
    'aria-label': 'Embed code: paste it into a web page',
    'aria-describedby': statusId,
  });
  const status = el('p', { class: 'embed-status', id: statusId, role: 'status' });
  const figureTitle = () => root.querySelector('.widget-title')?.textContent?.trim() || name;
  const refresh = () => {
    textarea.value = embedSnippet({
      src: embedUrl(slug, key),
      title: `${figureTitle()} (interactive figure from the lesson “${lessonTitle}”)`,
      // The widget's own height, the embed page's link line and margins.
      height: root.getBoundingClientRect().height + 64,
    });
  };
  const copy = el(
    'button',
    {
      type: 'button',
      class: 'button small',
      onclick: async () => {
        refresh();
        try {
          await navigator.clipboard.writeText(textarea.value);
          status.textContent = 'Copied the embed code, with the figure as it is now.';
        } catch {
          textarea.select();
          status.textContent = 'The code is selected: copy it with Ctrl+C (Cmd+C on a Mac).';
        }
      },
    },
    'Copy embed code',
  );
  const details = el(
    'details',
    { class: 'embed-menu', dataset: { embedFor: key } },
    el('summary', {}, 'Embed'),
    el(
      'p',
      { class: 'widget-note' },
      'Show this figure, as it is now, on another page: paste the code into its HTML. Readers can change it there; a link leads back here.',
    ),
    textarea,
    copy,
    status,
  );
  details.addEventListener('toggle', () => {
    if (details.open) refresh();
  });
  return details;
}
