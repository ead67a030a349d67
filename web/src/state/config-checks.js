// Shape checks shared by widget config schemas (web/src/widgets/*.schema.js): the parts of a
// config that must fit together, beyond what each field's type can see. Each returns
// [{ path, message }], empty when the shapes fit.

/** Each of `keys` present must be d x d, d = the width of X. */
export function squareToX(c, keys) {
  const d = c.X[0].length;
  return keys
    .filter((k) => c[k] !== undefined && !(c[k].length === d && c[k][0].length === d))
    .map((k) => ({ path: k, message: `must be ${d} x ${d} (d x d, d = the width of X)` }));
}

/** One token name per row of X. */
export function tokensMatchX(c) {
  return c.tokens === undefined || c.tokens.length === c.X.length
    ? []
    : [{ path: 'tokens', message: `must name one token per row of X (${c.X.length}), not ${c.tokens.length}` }];
}

/** Each of `keys` present must name an entry of c[record]. */
export function namesIn(c, record, keys) {
  return keys
    .filter((k) => c[k] !== undefined && !Object.hasOwn(c[record], c[k]))
    .map((k) => ({ path: k, message: `must name one of "${record}": ${Object.keys(c[record]).join(', ')}` }));
}
