// The lessons' widget fences with claims, and how one is checked: every numeric sentence a
// lesson states about its default example is a "claims" entry in that example's widget fence,
// checked on the engine's numbers for the fence's config (web/src/widgets/<name>.facts.js), so an
// example changed until its prose is false fails. claims.test.mjs checks the fences whose facts
// compute directly; claims-trained-*.test.mjs those whose facts train a model (the facts module
// exports `trains = true`), split in two so both cores run them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas, widgetsDir } from '../../web/plugins/content-plugin.js';
import { checkClaim, splitClaims } from '../../web/src/lesson/claims.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const contentDir = `${root}content/lessons`;
const engine = await loadAttention();
export const schemas = await loadWidgetSchemas();
export const lessons = listLessons(contentDir).map((entry) => ({ entry, ...compileLesson(entry, schemas) }));

const factsModules = new Map();
/** The facts module of a widget ({ default: facts(engine, config), trains? }), or null. */
async function factsModuleOf(name) {
  if (!factsModules.has(name)) {
    const file = `${widgetsDir}${name}.facts.js`;
    factsModules.set(name, existsSync(file) ? await import(pathToFileURL(file).href) : null);
  }
  return factsModules.get(name);
}

/** Every failing claim of one widget fence, as readable lines ([] when all hold). */
export async function failures(where, widget) {
  const { config, claims } = splitClaims(widget.config);
  if (!claims?.length) return [];
  const facts = (await factsModuleOf(widget.name))?.default;
  if (!facts) return [`${where}: has claims but there is no web/src/widgets/${widget.name}.facts.js`];
  const computed = facts(engine, config);
  const out = [];
  for (const claim of claims) {
    const { ok, left, right } = checkClaim(computed, claim);
    const [l, op, r] = claim.check;
    if (!ok) out.push(`${where}: "${claim.text}": ${l} = ${left} is not ${op} ${r} = ${right}`);
  }
  return out;
}

const fences = lessons.flatMap((lesson) =>
  lesson.widgets.map((w, i) => ({
    where: `${relative(root, lesson.entry.file)} (widget fence ${i + 1}, "${w.name}")`,
    w,
  })),
);

const withClaims = fences.filter((f) => f.w.config.claims);
const trains = async (f) => (await factsModuleOf(f.w.name))?.trains === true;
const trained = [];
const direct = [];
for (const f of withClaims) ((await trains(f)) ? trained : direct).push(f);

/** A node:test per fence: those computed directly, or shard k (1-based) of `of` of the trained. */
export function claimTests({ shard, of } = {}) {
  const chosen = shard ? trained.filter((_, i) => i % of === shard - 1) : direct;
  for (const { where, w } of chosen) {
    test(`claims hold: ${where}`, async () => {
      assert.deepEqual(await failures(where, w), []);
    });
  }
}
