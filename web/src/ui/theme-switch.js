// The header's light/dark switch: a labelled <select> (keyboard-operable as it is), over the
// page's theme store (state/theme.js). "System" follows the device and forgets the pick.
import { select } from './controls.js';

const LABELS = { system: 'System', light: 'Light', dark: 'Dark' };

/** themeSwitch(theme) -> node */
export function themeSwitch(theme) {
  const { node, input } = select({
    label: 'Colours',
    options: Object.entries(LABELS).map(([value, label]) => ({ value, label })),
    value: theme.choice(),
    onChange: (value) => theme.set(value),
  });
  node.classList.add('theme-switch');
  // Another tab may change it.
  window.addEventListener('storage', () => (input.value = theme.choice()));
  return node;
}
