import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { contentPlugin } from './web/build/content-plugin.js';

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
    // The wasm binary must stay a separate file (never a base64 data: URL).
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: {
    // The site imports the engine from wasm/js and build/wasm, outside the Vite root.
    fs: { allow: [repo] },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
