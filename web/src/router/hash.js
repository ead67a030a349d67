// Hash routes: "#/slug" or "#/slug?softmax.scores=8,2,5&softmax.t=1".
// Query keys are "<widget key>.<field>"; the values are plain strings (see state/params.js).

// Characters that read well in a link and are safe in a fragment stay unescaped.
const KEEP = { '%2C': ',', '%3B': ';', '%3A': ':', '%2F': '/', '%40': '@', '%24': '$', '%5B': '[', '%5D': ']' };

function enc(s) {
  return encodeURIComponent(s).replace(/%(2C|3B|3A|2F|40|24|5B|5D)/g, (m) => KEEP[m]);
}

function dec(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return ''; // a mangled %-escape in a pasted link: ignore that value
  }
}

/** "#/softmax?softmax.t=2" -> { slug: 'softmax', state: { softmax: { t: '2' } } } */
export function parseHash(hash) {
  const h = String(hash || '').replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const slug = dec(q < 0 ? h : h.slice(0, q)).replace(/\/+$/, '');
  const state = {};
  if (q >= 0) {
    for (const pair of h.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = dec(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : dec(pair.slice(eq + 1));
      const dot = key.indexOf('.');
      if (dot <= 0 || dot === key.length - 1) continue;
      const widget = key.slice(0, dot);
      const field = key.slice(dot + 1);
      // Own properties only: a link must not be able to reach Object.prototype.
      if (
        ['__proto__', 'constructor', 'prototype'].includes(widget) ||
        ['__proto__', 'constructor', 'prototype'].includes(field)
      )
        continue;
      (state[widget] ??= Object.create(null))[field] = value;
    }
  }
  return { slug, state };
}

/** Inverse of parseHash; fields are sorted so equal states give equal links. */
export function formatHash(slug, state = {}) {
  const parts = [];
  for (const widget of Object.keys(state).sort()) {
    const fields = state[widget] || {};
    for (const field of Object.keys(fields).sort()) {
      const v = fields[field];
      if (v === undefined || v === null || v === '') continue;
      parts.push(`${enc(widget)}.${enc(field)}=${enc(String(v))}`);
    }
  }
  return `#/${enc(slug)}${parts.length ? `?${parts.join('&')}` : ''}`;
}
