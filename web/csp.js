// The site's Content-Security-Policy, declared once: the build writes it into every page
// (web/plugins/content-plugin.js), the single-file build derives its own from it
// (vite.single.config.js), the browser tests check the built pages against it, and
// docs/hosting.md quotes the headers below (tests/web/csp.test.mjs holds the quote to them).
//
// Why each source: the page talks to its own origin only (defence in depth for "no request off
// the origin" and against injected markup). No 'unsafe-eval': the engine is linked with
// -sDYNAMIC_EXECUTION=0, so its glue never evaluates strings; 'wasm-unsafe-eval' lets it compile
// WebAssembly. 'unsafe-inline' styles: KaTeX's HTML carries style attributes. blob: workers and
// images: the training worker of the single file and the exported PNGs.

/** The policy every built page carries in its <meta> tag, as [directive, ...sources] rows. */
export const PAGE_POLICY = [
  ['default-src', "'self'"],
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  ['style-src', "'self'", "'unsafe-inline'"],
  ['img-src', "'self'", 'data:', 'blob:'],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'", 'blob:'],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
];

// What a <meta> policy cannot say (the browser ignores frame-ancestors and form-action there),
// so hosts send these as headers on top of the page's policy.
const HEADER_ONLY = [
  ['manifest-src', "'self'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** "name sources; name sources" from [name, ...sources] rows. */
export function policyText(rows) {
  return rows.map((row) => row.join(' ')).join('; ');
}

/** { directive: [sources] } from a policy's text, for tests that read a built page. */
export function parsePolicy(text) {
  return Object.fromEntries(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The <meta> tag the build puts after <meta charset>. */
export const PAGE_CSP = policyText(PAGE_POLICY);
export const cspMetaTag = (policy = PAGE_CSP) => `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;

/** The response headers hosts should send (docs/hosting.md; the CSP browser test serves them). */
export const HOST_HEADERS = {
  'Content-Security-Policy': policyText([...PAGE_POLICY, ...HEADER_ONLY]),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The single file's policy: a page opened from file:// has no 'self' to load a script or a font
 * from and nothing to fetch, so its one inline script is named by hash, its fonts are data: URLs
 * inside the CSS, and connect-src is 'none'.
 */
export function singleFilePolicy(scriptHashes) {
  const changed = {
    'script-src': [...scriptHashes.map((h) => `'sha256-${h}'`), "'wasm-unsafe-eval'"],
    'font-src': ['data:'],
    'connect-src': ["'none'"],
  };
  return policyText(PAGE_POLICY.map(([name, ...sources]) => [name, ...(changed[name] ?? sources)]));
}
