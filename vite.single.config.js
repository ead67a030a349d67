// npm run build:single: the whole tutorial as one HTML file, dist/self-attention-live.html, that
// opens from file:// with no server and no network (a teacher's USB stick). Every lesson's chunk,
// the styles, the KaTeX fonts, the live models' worker and the four engine binaries are inside it.
// The main build (vite.config.js) is left as it is; this one differs in what a page from file://
// cannot do: fetch (the binaries are inlined and decoded, web/src/single/wasm-url.js), register a
// service worker (web/src/single/register.js), run an external script (so its CSP names the
// inlined script by hash), point an embed <iframe> at an embed page beside it (no Embed action,
// web/src/single/embed-action.js), or link to licence texts beside it (they are in its footer,
// web/plugins/inline-notices.js).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { contentPlugin } from './web/plugins/content-plugin.js';
import { inlineNotices } from './web/plugins/inline-notices.js';
import { NATIVE_SOFTWARE } from './web/plugins/native-software.js';
import { PAGE_CSP, singleFilePolicy } from './web/csp.js';

const repo = `${path.dirname(fileURLToPath(import.meta.url))}/`;
export const SINGLE_FILE = 'self-attention-live.html';

// The binaries as base64 strings, read when the file is built (scripts/build-wasm.sh makes them).
function inlinedWasm() {
  const id = 'virtual:single-wasm';
  const base64 = (dir, name) => fs.readFileSync(`${repo}build/${dir}/${name}.wasm`).toString('base64');
  return {
    name: 'single-wasm',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(source) {
      if (source !== '\0' + id) return null;
      const pair = (name) => ({ simd: base64('wasm-simd', name), plain: base64('wasm', name) });
      return `export const engine = ${JSON.stringify(pair('engine'))};\nexport const trainer = ${JSON.stringify(pair('attention'))};\n`;
    },
  };
}

// The Emscripten glue's default binary URL, new URL("engine.wasm", import.meta.url), would be
// inlined as one more data: URL per glue copy (about 0.9 MB in all) though it is never used: the
// loaders pass the bytes as wasmBinary. Here it names the binary beside the page instead.
function glueWithoutDefaultWasm() {
  return {
    name: 'single-glue',
    enforce: 'pre',
    transform(code, id) {
      if (!/build\/wasm[^/]*\/(engine|attention)\.mjs$/.test(id)) return null;
      return code.replace(/new URL\(("[a-z]+\.wasm"),\s*import\.meta\.url\)/g, 'new URL($1, location.href)');
    },
  };
}

// The single file's CSP (web/csp.js, singleFilePolicy): its one inline script named by its
// SHA-256. Runs after vite-plugin-singlefile has inlined, so that plugin's build-time warning that
// the CSP does not allow the inlined script is answered here (the browser test checks the result).
function hashedCsp() {
  return {
    name: 'single-csp',
    enforce: 'post',
    generateBundle: { order: 'post', handler: rewriteCsp },
  };
  function rewriteCsp(_options, bundle) {
    const page = Object.values(bundle).find((f) => f.fileName.endsWith('.html'));
    if (!page) throw new Error('the single-file build made no HTML file');
    const html = String(page.source);
    const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
      .filter((m) => m[1].trim())
      .map((m) => createHash('sha256').update(m[1]).digest('base64'));
    const meta = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;
    const found = meta.exec(html)?.[2];
    if (found !== PAGE_CSP) {
      throw new Error(`the single-file build expected the page's CSP (web/csp.js) to rewrite, found ${found}`);
    }
    page.source = html.replace(meta, (_m, open, _csp, close) => open + singleFilePolicy(hashes) + close);
  }
}

// The site's footer offers this file for download (web/index.html). In the file itself that link
// would point at the file's own name, which a copy on a stick need not keep: it says what it is.
function selfDescribingFooter() {
  const link = /<a href="\.\/self-attention-live\.html" download>The whole tutorial as one file<\/a>/;
  return {
    name: 'single-footer',
    transformIndexHtml(html) {
      if (!link.test(html)) throw new Error("web/index.html's footer no longer offers the single file as expected");
      return html.replace(link, 'This file is the whole tutorial');
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  mode: 'production',
  resolve: {
    alias: [
      { find: /^.*\/wasm\/js\/wasm-url\.js$/, replacement: `${repo}web/src/single/wasm-url.js` },
      { find: /^\.\/wasm-url\.js$/, replacement: `${repo}web/src/single/wasm-url.js` },
      { find: /^\.\/offline\/register\.js$/, replacement: `${repo}web/src/single/register.js` },
      { find: /^\.\/embed-action\.js$/, replacement: `${repo}web/src/single/embed-action.js` },
    ],
  },
  plugins: [
    contentPlugin({ contentDir: `${repo}content` }),
    inlinedWasm(),
    glueWithoutDefaultWasm(),
    // The footer's licence and third-party notice, which the site keeps in files beside the page.
    inlineNotices({ repo, native: NATIVE_SOFTWARE }),
    selfDescribingFooter(),
    viteSingleFile({ removeViteModuleLoader: true, outputFileName: SINGLE_FILE }),
    hashedCsp(),
  ],
  // The live models' worker (web/src/live/worker.js) is bundled on its own, with its own copy of the glue.
  worker: { plugins: () => [glueWithoutDefaultWasm()] },
  build: {
    outDir: '../dist',
    // dist/ holds the main build too; this adds one file beside it.
    emptyOutDir: false,
    target: 'es2020',
    rollupOptions: { input: `${repo}web/index.html` },
  },
});
