// A lesson's widget fence may carry "claims": the numeric sentences of the prose around it, as
// data next to the example they describe, e.g.
//
//   "claims": [{ "text": "Apple -> phones is larger than phones -> Apple",
//                "check": ["scores.Apple.phones", ">", "scores.phones.Apple"] }]
//
// `check` is [left, op, right]: left is a dotted path into the widget's facts (the plain object of
// engine-computed numbers that web/src/widgets/<name>.facts.js returns for the fence's config),
// right a path or a number. tests/node/claims.test.mjs checks every claim, so a changed example
// that makes its prose false fails the build. This module has no DOM and no engine: the Markdown
// plugin, the widget kit and the Node test all import it.

export const CLAIM_OPS = ['>', '<', '>=', '<=', '=='];
/** "==" means equal within this (absolute) tolerance. */
export const CLAIM_EQUAL_TOLERANCE = 1e-9;
const PATH = /^[^.\s]+(?:\.[^.\s]+)*$/;

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/** [{ path, message }] for a fence's "claims" value; empty when its shape is right. */
export function claimsProblems(claims, path = 'claims') {
  if (!Array.isArray(claims)) return [{ path, message: 'must be a list [{ "text": ..., "check": [...] }]' }];
  const out = [];
  claims.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(c)) {
      out.push({ path: at, message: 'must be an object { "text": ..., "check": [left, op, right] }' });
      return;
    }
    for (const k of Object.keys(c)) {
      if (k !== 'text' && k !== 'check') out.push({ path: `${at}.${k}`, message: 'is not a claim key (text, check)' });
    }
    if (typeof c.text !== 'string' || !c.text.trim()) {
      out.push({ path: `${at}.text`, message: 'must be the sentence of the prose the claim backs' });
    }
    const ch = c.check;
    if (!Array.isArray(ch) || ch.length !== 3) {
      out.push({ path: `${at}.check`, message: 'must be [left, op, right], e.g. ["scores.a.b", ">", 0]' });
      return;
    }
    const [left, op, right] = ch;
    if (typeof left !== 'string' || !PATH.test(left)) {
      out.push({
        path: `${at}.check[0]`,
        message: `must be a dotted path into the facts, not ${JSON.stringify(left)}`,
      });
    }
    if (!CLAIM_OPS.includes(op)) {
      out.push({ path: `${at}.check[1]`, message: `must be one of ${CLAIM_OPS.join(' ')}, not ${JSON.stringify(op)}` });
    }
    const rightOk =
      (typeof right === 'number' && Number.isFinite(right)) || (typeof right === 'string' && PATH.test(right));
    if (!rightOk) {
      out.push({
        path: `${at}.check[2]`,
        message: `must be a finite number or a dotted path, not ${JSON.stringify(right)}`,
      });
    }
  });
  return out;
}

/** The fence's config without "claims" (what the widget's schema checks) and the claims. */
export function splitClaims(config) {
  if (!isObject(config) || !Object.hasOwn(config, 'claims')) return { config, claims: undefined };
  const { claims, ...rest } = config;
  return { config: rest, claims };
}

/** The number at dotted `path` in `facts`; throws an Error naming the path when there is none. */
export function factAt(facts, path) {
  let x = facts;
  for (const part of path.split('.')) {
    if (!isObject(x) && !Array.isArray(x)) x = undefined;
    else x = Object.hasOwn(x, part) ? x[part] : undefined;
    if (x === undefined) break;
  }
  if (typeof x !== 'number' || Number.isNaN(x)) {
    const top = isObject(facts) ? Object.keys(facts).join(', ') : '';
    throw new Error(`the facts have no number at "${path}" (top-level facts: ${top})`);
  }
  return x;
}

/**
 * Checks one claim against the facts: { ok, left, right } with the two numbers compared.
 * A path that names no number throws (a typo is not a false claim).
 */
export function checkClaim(facts, claim) {
  const [l, op, r] = claim.check;
  const left = factAt(facts, l);
  const right = typeof r === 'number' ? r : factAt(facts, r);
  const ok = {
    '>': left > right,
    '<': left < right,
    '>=': left >= right,
    '<=': left <= right,
    '==': Math.abs(left - right) <= CLAIM_EQUAL_TOLERANCE,
  }[op];
  return { ok, left, right };
}
