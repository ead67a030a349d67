import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { contentPlugin } from './web/plugins/content-plugin.js';

const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  // Relative asset URLs, so dist/ works from any sub-path of any static host.
  base: './',
  publicDir: false,
  plugins: [contentPlugin({ contentDir: `${repo}content` })],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2020',
    // embed.html shows one widget alone, for an <iframe> on another site (web/src/embed.js).
    rollupOptions: { input: { main: `${repo}web/index.html`, embed: `${repo}web/embed.html` } },
    // The wasm binary and the fonts stay separate files: no base64 data: URLs (the CSP allows
    // fonts from 'self' only, and a font inlined in the CSS is downloaded even when unused).
    assetsInlineLimit: (file) => (/\.(wasm|woff2?)$/.test(file) ? false : undefined),
  },
  server: {
    // The site imports the engine from wasm/js and build/wasm, outside the Vite root.
    fs: { allow: [repo] },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
