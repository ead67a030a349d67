// The transformer map's data (content/transformer-map.json): its checks, run by the content plugin
// at build time so a block linking to a lesson that does not exist fails the build, and the shape
// arithmetic the interactive map shows. No DOM: Node imports this module too.
import { BOXES, thumbnailSvg } from './layout.js';

/** The sentence lengths the learner may set; the presets set the rest. */
export const LENGTHS = ['n', 'm'];
export const LENGTH_LIMIT = 100000;

const DIM = /^(?:[1-9]\d*|[A-Za-z_][A-Za-z_0-9]*)$/;

function isPositiveInteger(x) {
  return Number.isInteger(x) && x > 0;
}

/**
 * Every problem with the map data, as sentences (empty when it is sound). lessonSlugs: the slugs
 * of content/lessons; a block's lessons must be among them, as must every size a shape names.
 */
export function mapProblems(data, lessonSlugs) {
  const problems = [];
  if (!data || typeof data !== 'object') return ['the map must be a JSON object'];
  const dims = data.dims && typeof data.dims === 'object' ? Object.keys(data.dims) : [];
  if (dims.length === 0) problems.push('"dims" must name the sizes shapes are made of');
  for (const l of LENGTHS) if (!dims.includes(l)) problems.push(`"dims" must include the sentence length "${l}"`);
  const sized = dims.filter((d) => !LENGTHS.includes(d));

  const ex = data.example ?? {};
  if (typeof ex.source !== 'string' || typeof ex.target !== 'string')
    problems.push('"example" needs a "source" and a "target" sentence');
  for (const l of LENGTHS)
    if (!isPositiveInteger(ex[l]) || ex[l] > LENGTH_LIMIT)
      problems.push(`"example.${l}" must be a whole number from 1 to ${LENGTH_LIMIT}`);

  const presets = Array.isArray(data.presets) ? data.presets : [];
  if (presets.length === 0) problems.push('"presets" must list at least one set of sizes');
  const presetIds = new Set();
  for (const [i, p] of presets.entries()) {
    const where = `preset ${i + 1} (${p?.id ?? 'no id'})`;
    if (typeof p?.id !== 'string' || presetIds.has(p.id)) problems.push(`${where}: needs a unique "id"`);
    presetIds.add(p?.id);
    if (typeof p?.label !== 'string') problems.push(`${where}: needs a "label"`);
    for (const d of sized)
      if (!isPositiveInteger(p?.sizes?.[d])) problems.push(`${where}: "sizes.${d}" must be a whole number above 0`);
    for (const d of Object.keys(p?.sizes ?? {}))
      if (!sized.includes(d)) problems.push(`${where}: unknown size "${d}" (known: ${sized.join(', ')})`);
  }

  const blocks = Array.isArray(data.blocks) ? data.blocks : [];
  const seen = new Set();
  for (const [i, b] of blocks.entries()) {
    const where = `block ${i + 1} (${b?.id ?? 'no id'})`;
    if (!(b?.id in BOXES)) {
      problems.push(
        `${where}: no place on the drawing for "${b?.id}" (web/src/map/layout.js has: ${Object.keys(BOXES).join(', ')})`,
      );
    }
    if (seen.has(b?.id)) problems.push(`${where}: the id "${b.id}" is used twice`);
    seen.add(b?.id);
    if (typeof b?.label !== 'string' || !b.label) problems.push(`${where}: needs a "label"`);
    // The drawn text must be part of the link's accessible name (what speech input users say).
    else if (b.short !== undefined && !b.label.includes(b.short))
      problems.push(`${where}: its "label" must contain its drawn "short" text "${b.short}"`);
    if (!Array.isArray(b?.lessons) || b.lessons.length === 0)
      problems.push(`${where}: "lessons" must list the slugs of the lessons that teach it`);
    for (const slug of b?.lessons ?? [])
      if (!lessonSlugs.includes(slug))
        problems.push(
          `${where}: links to the lesson "${slug}", which content/lessons does not have (it has: ${lessonSlugs.join(', ')})`,
        );
    if (!Array.isArray(b?.shapes) || b.shapes.length === 0)
      problems.push(`${where}: "shapes" must list what flows through it`);
    for (const [j, s] of (b?.shapes ?? []).entries()) {
      const at = `${where}, shape ${j + 1}`;
      if (typeof s?.what !== 'string') problems.push(`${at}: needs "what"`);
      if (!Array.isArray(s?.dims) || s.dims.length === 0) {
        problems.push(`${at}: "dims" must be a list like ["n", "d_model"]`);
        continue;
      }
      for (const d of [...s.dims, ...(s.each ? [s.each] : [])]) {
        for (const factor of String(d).split('*'))
          if (!DIM.test(factor) || (!/^\d/.test(factor) && !dims.includes(factor)))
            problems.push(`${at}: unknown size "${factor}" (known: ${dims.join(', ')})`);
      }
    }
  }
  for (const id of Object.keys(BOXES))
    if (!seen.has(id)) problems.push(`the block "${id}" is drawn but has no entry in "blocks"`);
  return problems;
}

/** The map data, or an Error listing every problem (prefixed with `file`). */
export function checkedMap(data, lessonSlugs, file = 'content/transformer-map.json') {
  const problems = mapProblems(data, lessonSlugs);
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return data;
}

/** The ids of the blocks a lesson teaches, in the data's order. */
export function blocksFor(data, slug) {
  return data.blocks.filter((b) => b.lessons.includes(slug)).map((b) => b.id);
}

/**
 * What a lesson's header needs from the map: which blocks it teaches, their drawn names (once
 * each) and the thumbnail with them highlighted. Null when the lesson teaches no block.
 */
export function lessonMap(data, slug) {
  const blocks = blocksFor(data, slug);
  if (blocks.length === 0) return null;
  const names = [...new Set(data.blocks.filter((b) => blocks.includes(b.id)).map((b) => b.short ?? b.label))];
  return { blocks, names, thumb: thumbnailSvg(blocks) };
}

/** The value of one size expression ("n", "h*d_k", "1") for sizes { n, m, d_model, ... }. */
export function dimValue(expr, sizes) {
  return String(expr)
    .split('*')
    .reduce((p, f) => p * (/^\d/.test(f) ? Number(f) : sizes[f]), 1);
}

const pretty = (expr) => String(expr).replaceAll('*', '·');

/**
 * One shape as the learner reads it: { what, symbolic: "n × d_k", numeric: "7 × 64", each: 8 | null }.
 */
export function shapeLine(shape, sizes) {
  return {
    what: shape.what,
    symbolic: shape.dims.map(pretty).join(' × '),
    numeric: shape.dims.map((d) => dimValue(d, sizes).toLocaleString('en-US')).join(' × '),
    each: shape.each ? dimValue(shape.each, sizes) : null,
  };
}
