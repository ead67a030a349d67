// The lesson header's "Where this lesson sits": a one-line strip with a thumbnail of the
// transformer (this lesson's blocks filled) that opens into the full interactive map. Only this
// strip is on a lesson's critical path; the map's code, styles and data load when it is opened.
import { el } from '../ui/dom.js';
import './strip.css';

/** mapStrip(lesson.map) -> a <details> element, or null for a lesson that teaches no block. */
export function mapStrip(map) {
  if (!map) return null;
  const summary = el(
    'summary',
    { class: 'map-strip-summary' },
    el(
      'span',
      { class: 'map-strip-text' },
      el('span', { class: 'map-strip-title' }, 'Where this lesson sits'),
      el('span', { class: 'map-strip-names' }, map.names.join(' · ')),
    ),
  );
  summary.insertAdjacentHTML('afterbegin', map.thumb); // build-time SVG from content/, never user text
  const body = el('div', { class: 'map-strip-body' }, el('p', { role: 'status' }, 'Loading the map…'));
  const details = el('details', { class: 'map-strip' }, summary, body);
  let loading = null;
  details.addEventListener('toggle', () => {
    if (!details.open || loading) return;
    loading = import('./transformer-map.js')
      .then((m) => m.mountTransformerMap(body, { highlight: map.blocks }))
      .catch((e) => {
        loading = null;
        body.replaceChildren(
          el(
            'p',
            { class: 'widget-error', role: 'alert' },
            `The map could not load (${e.message}). Close and open it to try again.`,
          ),
        );
      });
  });
  return details;
}
