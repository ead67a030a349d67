import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { contentPlugin } from './web/plugins/content-plugin.js';
import { projectLicence } from './web/plugins/licence.js';
import { thirdPartyNotice } from './web/plugins/third-party-notice.js';
import { NATIVE_SOFTWARE } from './web/plugins/native-software.js';

const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  // Relative asset URLs, so dist/ works from any sub-path of any static host.
  base: './',
  // Copied as they are: the app icons (drawn by scripts/make-icons.mjs).
  publicDir: 'public',
  plugins: [
    contentPlugin({ contentDir: `${repo}content` }),
    // dist/LICENSE.txt: the site's own licences, which the footer links to.
    projectLicence({ repo }),
    // dist/THIRD-PARTY-NOTICES.txt: the npm packages found in the bundle and the code compiled
    // into the .wasm files, which npm does not know about.
    thirdPartyNotice({
      repo,
      serviceWorker: 'web/src/offline/sw.js',
      native: NATIVE_SOFTWARE,
    }),
    // The service worker and the web app manifest (web/src/offline/ explains the update flow).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/offline',
      filename: 'sw.js',
      // web/src/offline/register.js registers it once the first lesson is interactive.
      injectRegister: false,
      injectManifest: {
        // Everything the site can need offline: every lesson's chunk, both builds of the engine
        // and of the trainer's engine (a browser picks one by its SIMD support), fonts, CSS, and
        // the licence and third-party notices the footer links to.
        globPatterns: ['**/*.{html,js,css,wasm,woff2,png,webmanifest,txt}'],
        // attention.wasm is the largest file (about 0.4 MB); the default limit is 2 MiB.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        name: 'Self-attention, live',
        short_name: 'Self-attention',
        description:
          'An interactive tutorial on transformer self-attention; every number is computed live in your browser.',
        // Relative to the manifest's own URL, so an installed copy opens wherever the site is hosted.
        start_url: '.',
        scope: '.',
        id: '.',
        display: 'standalone',
        background_color: '#fbfaf7',
        theme_color: '#1f5fa8',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
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
