// Typeset formulas without shipping KaTeX: write tex`W_Q` (inline) or texDisplay`...` (display)
// with a constant string; web/plugins/tex-macro.js replaces each with prerendered KaTeX HTML at
// build time. The result is a TrustedTex, placed with texNode(); never build TeX from user text.
export function tex() {
  throw new Error('tex`...` must be a constant template compiled by web/plugins/content-plugin.js');
}
export const texDisplay = tex;

class TrustedTex {
  constructor(html) {
    this.html = html;
  }
}
tex.compiled = (html) => new TrustedTex(html);

/** A <span> holding a compiled formula (or plain text when given a string). */
export function texNode(formula, className = 'tex') {
  const span = document.createElement('span');
  span.className = className;
  if (formula instanceof TrustedTex) span.innerHTML = formula.html;
  else span.textContent = String(formula ?? '');
  return span;
}
