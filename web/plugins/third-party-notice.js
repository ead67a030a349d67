// Vite plugin: writes THIRD-PARTY-NOTICES.txt into the built site, naming every piece of other
// people's software a learner's browser receives, with its licence text:
//   - each npm package with a module in the bundle (code, stylesheet or font), found in the
//     module graph, plus the packages the service worker imports (built separately by
//     vite-plugin-pwa, so read from its source) and their own dependencies;
//   - the code compiled into the .wasm files and the Emscripten JS glue, which are not npm
//     packages (`native`, with licence texts kept in web/plugins/licenses/).
// The build fails if a shipped package is not reachable from package.json "dependencies":
// `npm audit --omit=dev` checks exactly those, so what ships is what is audited.
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_IN_PATH = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/;
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** A package's name, version, licence, home and licence text, from its folder in node_modules. */
function describePackage(repo, name) {
  const dir = path.join(repo, 'node_modules', name);
  const pkg = readJson(path.join(dir, 'package.json'));
  const licenseFile = fs.readdirSync(dir).find((f) => LICENSE_FILE.test(f));
  if (!licenseFile) throw new Error(`third-party notice: ${name} has no LICENSE file in ${dir}`);
  const home = pkg.homepage || (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url) || '';
  return {
    title: `${name} ${pkg.version}`,
    license: typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the licence text'),
    home: home.replace(/^git\+/, '').replace(/\.git$/, ''),
    text: fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim(),
  };
}

/** `names` and every package they depend on at run time, transitively. */
function withDependencies(repo, names) {
  const all = new Set();
  const visit = (name) => {
    if (all.has(name)) return;
    all.add(name);
    const deps = readJson(path.join(repo, 'node_modules', name, 'package.json')).dependencies ?? {};
    for (const dep of Object.keys(deps)) visit(dep);
  };
  names.forEach(visit);
  return all;
}

/** Bare package names a module imports (import ... from 'pkg' or 'pkg/sub/path'). */
function importedPackages(file) {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/\bfrom\s+['"]([^'"./][^'"]*)['"]/g)].map(([, spec]) =>
    spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0],
  );
}

const rule = '-'.repeat(78);

/**
 * The notice's text for the build `context` (a Rollup plugin context, in generateBundle: its
 * module graph is what ships): { repo, serviceWorker: 'web/src/offline/sw.js' (optional),
 * native: [{ title, license, home, shipped, files: ['licenses/x.txt', ...] }] }.
 */
export function thirdPartyNoticeText(context, { repo, serviceWorker, native = [] }) {
  const root = readJson(path.join(repo, 'package.json'));
  const audited = withDependencies(repo, Object.keys(root.dependencies ?? {}));
  const shipped = new Set();
  for (const id of context.getModuleIds()) {
    const m = PACKAGE_IN_PATH.exec(id);
    if (m) shipped.add(m[1].replace(/\\/g, '/'));
  }
  const workerPackages = serviceWorker ? withDependencies(repo, importedPackages(path.join(repo, serviceWorker))) : [];
  for (const name of workerPackages) shipped.add(name);

  const unaudited = [...shipped].filter((name) => !audited.has(name));
  if (unaudited.length > 0) {
    context.error(
      `${unaudited.join(', ')} ship${unaudited.length === 1 ? 's' : ''} to learners but ` +
        `${unaudited.length === 1 ? 'is' : 'are'} not among package.json "dependencies" (or theirs), ` +
        'so `npm audit --omit=dev` would not check it: move it from devDependencies to dependencies',
    );
  }

  const sections = [
    ...[...shipped].sort().map((name) => describePackage(repo, name)),
    ...native.map((n) => ({
      ...n,
      text: n.files.map((f) => fs.readFileSync(path.join(import.meta.dirname, f), 'utf8').trim()).join('\n\n'),
    })),
  ];
  const body = sections.map((s) =>
    [rule, `${s.title} (${s.license})`, s.home, s.shipped && `In this site: ${s.shipped}`]
      .filter(Boolean)
      .concat(['', s.text, ''])
      .join('\n'),
  );
  return [
    `Third-party software in ${root.name} ${root.version}`,
    '',
    'The site sends the following software written by others to your browser. Each entry',
    'names the software, its licence and where it comes from, followed by its licence text.',
    '',
    ...body,
  ].join('\n');
}

/** thirdPartyNotice({ repo, serviceWorker, native, fileName }): the notice as a file of the site. */
export function thirdPartyNotice({ fileName = 'THIRD-PARTY-NOTICES.txt', ...what }) {
  return {
    name: 'third-party-notice',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: thirdPartyNoticeText(this, what) });
    },
  };
}
