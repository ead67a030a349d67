// Vite plugin: dist/LICENSE.txt, the site's own licences (the page footer links to it): the code
// under MIT (LICENSE), the lesson text and figures under CC BY 4.0 (content/LICENSE), read from
// the repository at build time so the shipped copy cannot drift from them.
import fs from 'node:fs';
import path from 'node:path';

export const LICENCE_FILE = 'LICENSE.txt';

/** The text of LICENSE.txt: the code's licence and the lessons', read from the repository. */
export function projectLicenceText(repo) {
  const part = (file) => fs.readFileSync(path.join(repo, file), 'utf8').trim();
  return [
    'Self-attention, live: the code is under the MIT licence, the lesson text and figures under CC BY 4.0.',
    '',
    `${'='.repeat(78)}\nThe code (LICENSE)\n\n${part('LICENSE')}`,
    '',
    `${'='.repeat(78)}\nThe lesson text and figures (content/LICENSE)\n\n${part('content/LICENSE')}`,
    '',
  ].join('\n');
}

export function projectLicence({ repo }) {
  return {
    name: 'project-licence',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: LICENCE_FILE, source: projectLicenceText(repo) });
    },
  };
}
