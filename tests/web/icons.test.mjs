// The app icons in web/public/icons are drawn by scripts/make-icons.mjs and committed: they must be
// what the script draws now, so a change to the design (or to the script) is never half-applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ICON_DIR, icons } from '../../scripts/make-icons.mjs';

test('web/public/icons holds exactly what scripts/make-icons.mjs draws', () => {
  const drawn = icons();
  const committed = fs.readdirSync(ICON_DIR).sort();
  assert.deepEqual(committed, Object.keys(drawn).sort(), 'the icon files, by name');
  for (const [name, png] of Object.entries(drawn)) {
    assert.ok(
      fs.readFileSync(new URL(name, ICON_DIR)).equals(png),
      `web/public/icons/${name} is stale against scripts/make-icons.mjs: run node scripts/make-icons.mjs`,
    );
  }
});
