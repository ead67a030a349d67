// A matrix of lesson 5 given more rows or columns (the learner adds a token or widens d). The new
// cells take the scale of the cells already there: a new column holds each row's mean, a new row
// each column's mean. So a new token starts as the average of the tokens before it, and its
// query and key are the average query and key (they are linear in X): every row scores it at the
// mean of that row's scores, so it takes an ordinary share of the weight, never all of it (as a
// row of 1s did, 50 times the small example's entries of about 0.1). The means are the engine's
// (a product with a row or column of 1/k); this module only slices and places them.
// No DOM: the widget and its facts (the prose's claims) use the same rule.

// Three significant digits keep a new cell readable in its box (0.0875, not 0.08750000000000001).
const tidy = (x) => Number(x.toPrecision(3));

/** M (at least 1 x 1) cut or grown to rows x cols. */
export function grow(engine, M, rows, cols) {
  let out = M.slice(0, rows).map((row) => row.slice(0, cols));
  const have = out[0].length;
  if (cols > have) {
    const rowMeans = engine.linear(
      out,
      Array.from({ length: have }, () => [1 / have]),
    );
    out = out.map((row, r) => [...row, ...Array(cols - have).fill(tidy(rowMeans[r][0]))]);
  }
  const n = out.length;
  if (rows > n) {
    const colMeans = engine.linear([Array(n).fill(1 / n)], out)[0].map(tidy);
    for (let r = n; r < rows; r++) out.push(colMeans.slice());
  }
  return out;
}
