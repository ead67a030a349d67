// Shape checks shared by widget config schemas (web/src/widgets/*.schema.js): the parts of a
// config that must fit together, beyond what each field's type can see. Each returns
// [{ path, message }], empty when the shapes fit.

/** Each of `keys` present in `c` must be a rows x cols matrix; `why` says where the shape comes from. */
export function shapeIs(c, keys, rows, cols, why) {
  return keys
    .filter((k) => c[k] !== undefined && !(c[k].length === rows && c[k].every((r) => r.length === cols)))
    .map((k) => ({ path: k, message: `must be ${rows} x ${cols} (${why})` }));
}

/** Each of `keys` present in `c` must hold `length` entries; `why` says where the length comes from. */
export function lengthIs(c, keys, length, why) {
  return keys
    .filter((k) => c[k] !== undefined && c[k].length !== length)
    .map((k) => ({ path: k, message: `must hold ${length} entries (${why}), not ${c[k].length}` }));
}

/** Each of `keys` present must be d x d, d = the width of X. */
export const squareToX = (c, keys) => shapeIs(c, keys, c.X[0].length, c.X[0].length, 'd x d, d = the width of X');

/** One token name per row of X. */
export const tokensMatchX = (c) => lengthIs(c, ['tokens'], c.X.length, 'one per row of X');

/** Each of `keys` present must name an entry of c[record]. */
export function namesIn(c, record, keys) {
  return keys
    .filter((k) => c[k] !== undefined && !Object.hasOwn(c[record], c[k]))
    .map((k) => ({ path: k, message: `must name one of "${record}": ${Object.keys(c[record]).join(', ')}` }));
}

/** Every vector of the record c[key] must be as long as its first. */
export function sameLengths(c, key) {
  const entries = Object.entries(c[key] ?? {});
  const d = entries[0]?.[1].length;
  return entries
    .filter(([, x]) => x.length !== d)
    .map(([name, x]) => ({
      path: `${key}.${name}`,
      message: `must hold ${d} numbers like the first, not ${x.length}`,
    }));
}
