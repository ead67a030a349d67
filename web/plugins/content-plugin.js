// Vite plugin: turns content/lessons/*.md into JavaScript modules at BUILD time, so the browser
// receives ready HTML (Markdown by `marked`, math by KaTeX) and ships neither library.
//
//   virtual:lessons          -> { lessons: [{ slug, n, title, nav, summary, widgets, exercises }],
//                                 loaders: { slug: () => import(lesson module) } }
//   virtual:lesson/<slug>    -> default { slug, title, html, widgets: [{ name, key, config }],
//                                         exercises: [{ prompt, call, args, ... }],
//                                         map: { blocks, names, thumb } | null }
//   virtual:transformer-map  -> default: content/transformer-map.json, checked against the lessons
//   virtual:concept-check    -> default: content/concept-check.md, its questions checked (concept-check.js)
//
// It also compiles tex`...` tagged templates in web/src to KaTeX HTML (see web/src/ui/tex.js), and
// trims KaTeX's stylesheet to its woff2 fonts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderMarkdown, parseFrontMatter } from './markdown.js';
import { compileTexTemplates } from './tex-macro.js';
import { checkedMap, lessonMap } from '../src/map/map-data.js';
import { cspMetaTag } from '../csp.js';
import { loadConceptCheck, CONCEPT_CHECK_FILE } from './concept-check.js';
import { PAGES } from '../src/router/pages.js';

export { parseFrontMatter };

const INDEX_ID = 'virtual:lessons';
const LESSON_PREFIX = 'virtual:lesson/';
const MAP_ID = 'virtual:transformer-map';
const CHECK_ID = 'virtual:concept-check';
const LESSON_FILE = /^(\d\d)-([a-z0-9-]+)\.md$/;
const SCHEMA_FILE = /^([a-z][a-z0-9-]*)\.schema\.js$/;
export const widgetsDir = fileURLToPath(new URL('../src/widgets/', import.meta.url));

/**
 * { name: config schema } for every web/src/widgets/<name>.schema.js. The schemas are plain data
 * (no DOM, no engine), so Node imports them here to check the lessons' widget fences.
 */
export async function loadWidgetSchemas(dir = widgetsDir) {
  const names = fs.readdirSync(dir).flatMap((f) => SCHEMA_FILE.exec(f)?.[1] ?? []);
  const schemas = {};
  for (const name of names) {
    const file = path.join(dir, `${name}.schema.js`);
    // The modification time in the URL: an edited schema is imported afresh in the dev server.
    const mod = await import(`${pathToFileURL(file).href}?t=${fs.statSync(file).mtimeMs}`);
    if (typeof mod.default?.problems !== 'function') {
      throw new Error(`${file}: export default declareConfig({...}) (web/src/state/params.js)`);
    }
    schemas[name] = mod.default;
  }
  return schemas;
}

export function listLessons(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => LESSON_FILE.test(f))
    .sort()
    .map((f) => {
      const [, n, slug] = LESSON_FILE.exec(f);
      // The site's other pages have routes of their own (#/check): a lesson there would be unreachable.
      if (Object.hasOwn(PAGES, slug))
        throw new Error(
          `${path.join(dir, f)}: "${slug}" is the route of the site's ${PAGES[slug].title} page; name the lesson otherwise`,
        );
      return { file: path.join(dir, f), n: Number(n), slug };
    });
}

/** content/concept-check.md compiled (web/plugins/concept-check.js); throws naming the fault. */
export function loadCheck(contentDir) {
  const slugs = listLessons(path.join(contentDir, 'lessons')).map((l) => l.slug);
  return loadConceptCheck(path.join(contentDir, CONCEPT_CHECK_FILE), slugs);
}

/** compileLesson(entry, schemas): schemas from loadWidgetSchemas() check every widget fence. */
export function compileLesson(entry, schemas) {
  const text = fs.readFileSync(entry.file, 'utf8');
  const { meta, body } = parseFrontMatter(text, entry.file);
  const firstLine = text.slice(0, text.length - body.length).split('\n').length;
  const { html, widgets, exercises, predictions } = renderMarkdown(body, entry.file, { schemas, firstLine });
  return {
    slug: entry.slug,
    n: entry.n,
    title: meta.title,
    nav: meta.nav || meta.title,
    summary: meta.summary || '',
    html,
    widgets,
    exercises,
    predictions,
  };
}

/** content/transformer-map.json, or an Error naming every problem (e.g. a link to no lesson). */
export function loadTransformerMap(contentDir) {
  const file = path.join(contentDir, 'transformer-map.json');
  const slugs = listLessons(path.join(contentDir, 'lessons')).map((l) => l.slug);
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`, { cause: e });
  }
  return checkedMap(data, slugs, file);
}

export function contentPlugin({ contentDir }) {
  const lessonsDir = path.join(contentDir, 'lessons');
  const mapFile = path.join(contentDir, 'transformer-map.json');
  const checkFile = path.join(contentDir, CONCEPT_CHECK_FILE);

  return {
    name: 'attention-content',
    enforce: 'pre',

    configureServer(s) {
      // A new or edited lesson file changes the index too: reload the page in dev.
      s.watcher.add(contentDir);
      const onChange = (file) => {
        if (!file.startsWith(contentDir)) return;
        for (const id of [INDEX_ID, MAP_ID, CHECK_ID, ...listLessons(lessonsDir).map((l) => LESSON_PREFIX + l.slug)]) {
          const mod = s.moduleGraph.getModuleById('\0' + id);
          if (mod) s.moduleGraph.invalidateModule(mod);
        }
        s.ws.send({ type: 'full-reload' });
      };
      s.watcher.on('change', onChange);
      s.watcher.on('add', onChange);
      s.watcher.on('unlink', onChange);
    },

    // The page's Content-Security-Policy (web/csp.js says why each source). Not in dev, where
    // Vite's client needs its websocket and inline scripts.
    transformIndexHtml(html, ctx) {
      if (ctx.server) return html;
      const charset = '<meta charset="utf-8" />';
      if (!html.includes(charset)) throw new Error(`${ctx.filename}: no ${charset} to put the CSP after`);
      return html.replace(charset, `${charset}\n    ${cspMetaTag()}`);
    },

    resolveId(id) {
      if (id === INDEX_ID || id === MAP_ID || id === CHECK_ID || id.startsWith(LESSON_PREFIX)) return '\0' + id;
      return null;
    },

    async load(id) {
      if (id === '\0' + INDEX_ID) {
        const entries = listLessons(lessonsDir);
        const schemas = await loadWidgetSchemas();
        // Checked with the index, which every build loads: a bad map fails any build.
        this.addWatchFile?.(mapFile);
        loadTransformerMap(contentDir);
        // The concept check too: a question linking to a lesson that does not exist fails any build.
        this.addWatchFile?.(checkFile);
        loadCheck(contentDir);
        const lessons = entries.map((e) => {
          this.addWatchFile?.(e.file);
          const l = compileLesson(e, schemas);
          return {
            slug: l.slug,
            n: l.n,
            title: l.title,
            nav: l.nav,
            summary: l.summary,
            widgets: l.widgets.map((w) => w.name),
            exercises: l.exercises.length,
            predictions: l.predictions.length,
          };
        });
        const loaders = entries
          .map((e) => `  ${JSON.stringify(e.slug)}: () => import(${JSON.stringify(LESSON_PREFIX + e.slug)}),`)
          .join('\n');
        return `export const lessons = ${JSON.stringify(lessons)};\nexport const loaders = {\n${loaders}\n};\n`;
      }
      if (id.startsWith('\0' + LESSON_PREFIX)) {
        const slug = id.slice(1 + LESSON_PREFIX.length);
        const entry = listLessons(lessonsDir).find((e) => e.slug === slug);
        if (!entry) throw new Error(`no lesson file for slug "${slug}" in ${lessonsDir}`);
        this.addWatchFile?.(entry.file);
        this.addWatchFile?.(mapFile);
        const lesson = compileLesson(entry, await loadWidgetSchemas());
        lesson.map = lessonMap(loadTransformerMap(contentDir), slug);
        return `export default ${JSON.stringify(lesson)};\n`;
      }
      if (id === '\0' + CHECK_ID) {
        this.addWatchFile?.(checkFile);
        return `export default ${JSON.stringify(loadCheck(contentDir))};\n`;
      }
      if (id === '\0' + MAP_ID) {
        this.addWatchFile?.(mapFile);
        return `export default ${JSON.stringify(loadTransformerMap(contentDir))};\n`;
      }
      return null;
    },

    transform(code, id) {
      const file = id.split('?')[0];
      // Ship only the woff2 fonts: every browser we target reads them, and the CSS stays small.
      if (file.endsWith('katex/dist/katex.min.css') || file.endsWith('katex/dist/katex.css')) {
        return {
          code: code.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, ''),
          map: null,
        };
      }
      if (/\/web\/src\/.*\.js$/.test(file) && !file.endsWith('/ui/tex.js') && /\btex(Display)?`/.test(code)) {
        return { code: compileTexTemplates(code, file), map: null };
      }
      return null;
    },
  };
}
