// The browser tests test dist/, so dist/ must be built from the sources as they are now. Run
// before them (npm run test:browser): a dist/ whose page (index.html) or single file
// (self-attention-live.html, which single-file.test.mjs opens) is older than any file under web/,
// content/, wasm/js, the built wasm modules or the two Vite configs is rebuilt (npm run
// build:web, a few seconds); without a built wasm module it stops and says to run npm run build.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SOURCES = [
  'web',
  'content',
  'wasm/js',
  'build/wasm',
  'build/wasm-simd',
  'vite.config.js',
  'vite.single.config.js',
];
// What npm run build:web makes: the site (vite.config.js) and the single file (vite.single.config.js).
export const OUTPUTS = ['index.html', 'self-attention-live.html'];

function newestFile(p) {
  if (!fs.existsSync(p)) return null;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return { file: p, mtimeMs: stat.mtimeMs };
  let newest = null;
  for (const entry of fs.readdirSync(p)) {
    const n = newestFile(path.join(p, entry));
    if (n && (!newest || n.mtimeMs > newest.mtimeMs)) newest = n;
  }
  return newest;
}

/** Why `dist` cannot be tested as it is (a sentence), or null when it is newer than every source. */
export function staleBecause({
  root = repo,
  dist = path.join(root, 'dist'),
  sources = SOURCES,
  outputs = OUTPUTS,
} = {}) {
  let built = Infinity; // the oldest output
  for (const output of outputs) {
    const file = path.join(dist, output);
    if (!fs.existsSync(file)) return `${path.relative(root, file)} does not exist`;
    built = Math.min(built, fs.statSync(file).mtimeMs);
  }
  for (const source of sources) {
    const newest = newestFile(path.join(root, source));
    if (newest && newest.mtimeMs > built) return `${path.relative(root, newest.file)} changed after dist/ was built`;
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = staleBecause();
  if (reason) {
    if (!fs.existsSync(path.join(repo, 'build/wasm/engine.wasm'))) {
      console.error(`fresh-dist: ${reason}, and the wasm modules are not built: run "npm run build" first.`);
      process.exit(1);
    }
    console.log(`fresh-dist: ${reason}: rebuilding dist/ (npm run build:web).`);
    const r = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: repo, stdio: 'inherit' });
    if (r.status !== 0 || staleBecause()) {
      console.error('fresh-dist: the rebuild failed; dist/ is not tested.');
      process.exit(1);
    }
  }
}
