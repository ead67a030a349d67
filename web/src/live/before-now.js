// A live model's attention untrained ("before", step 0) beside the model now, as two panels
// (they stack on phones), and the colour legend of the heat maps in them.
import { el } from '../ui/dom.js';
import { viridisGradient } from '../ui/colors.js';

/**
 * beforeNow({ className, heading, before, now, legend }) -> [panels, legend]
 * before, now: each panel's nodes (now's start with its own title, which shows the step);
 * heading: the tag of the "Before training" title (the level the widget's outline needs);
 * legend: what a row and a column of the heat maps are.
 */
export function beforeNow({ className = 'row', heading = 'h4', before, now, legend }) {
  return [
    el(
      'div',
      { class: className },
      el(
        'div',
        { class: 'panel map-panel', dataset: { map: 'before' } },
        el(heading, {}, 'Before training (step 0)'),
        ...before,
      ),
      el('div', { class: 'panel map-panel', dataset: { map: 'now' } }, ...now),
    ),
    el(
      'p',
      { class: 'heat-legend' },
      legend,
      el('span', { class: 'ramp', style: { background: viridisGradient() }, 'aria-hidden': 'true' }),
      el('span', { class: 'ramp-ends' }, '0 → 1'),
    ),
  ];
}
