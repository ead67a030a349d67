// Compiles tex`...` tagged templates in front-end source to KaTeX HTML at build time, so widgets
// can label matrices with typeset formulas while the browser ships no KaTeX JavaScript.
// `tex`Q K^\top`` becomes `tex.compiled("<span class=\"katex\">…")`; see web/src/ui/tex.js.
import { renderTex } from './markdown.js';

const TAGGED = /\b(tex|texDisplay)`((?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`/g;

export function compileTexTemplates(code, file) {
  return code.replace(
    TAGGED,
    (_, name, raw) => `${name}.compiled(${JSON.stringify(renderTex(raw, name === 'texDisplay', file))})`,
  );
}
