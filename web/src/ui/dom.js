// Tiny DOM builder. Text always goes in through textContent, so user input can never become
// markup; the only HTML we insert is build-time output (lesson HTML, compiled tex``).
let uid = 0;

/** A fresh id for aria-describedby / label wiring. */
export function newId(prefix = 'ui') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * el('button', { class: 'x', onclick: fn, 'aria-label': 'Close' }, 'text', childNode, [more])
 * Props starting with "on" become listeners; `dataset` and `style` objects are merged;
 * false/null/undefined props and children are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
    else if (key === 'class') node.setAttribute('class', value);
    else if (key in node && !tag.startsWith('svg:') && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === false || child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/**
 * A message line tied to an input through aria-describedby. show(text) marks the input invalid
 * (aria-invalid) and displays text; show('') clears it. kind 'error' | 'note'.
 */
export function attachMessage(input, container = null) {
  const msg = el('p', { class: 'field-message', id: newId('msg'), 'aria-live': 'polite' });
  const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  input.setAttribute('aria-describedby', [...described, msg.id].join(' '));
  if (container) container.append(msg);
  return {
    node: msg,
    show(text, kind = 'error') {
      msg.textContent = text || '';
      msg.dataset.kind = text ? kind : '';
      if (kind === 'error' && text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
    clear() {
      this.show('');
    },
  };
}

/** A message line not tied to one input (e.g. engine errors for a whole figure): { node, show, clear }. */
export function messageLine() {
  const node = el('p', { class: 'field-message', 'aria-live': 'polite' });
  const line = {
    node,
    show(text, kind = 'error') {
      node.textContent = text || '';
      node.dataset.kind = text ? kind : '';
    },
    clear: () => line.show(''),
  };
  return line;
}

/** A <thead> with column headers (and an empty corner cell when the rows have labels too). */
export function headerRow(colLabels, cols, withRowLabels) {
  return el(
    'thead',
    {},
    el(
      'tr',
      {},
      withRowLabels ? el('td', { class: 'corner' }) : null,
      Array.from({ length: cols }, (_, c) => el('th', { scope: 'col' }, colLabels[c] ?? '')),
    ),
  );
}

/** One line for a linker's equation box: a bold label ("Q[1][2] = ..."), then the parts. */
export function equationLine(label, ...parts) {
  return el('span', {}, el('span', { class: 'eq-label' }, label), ...parts);
}
