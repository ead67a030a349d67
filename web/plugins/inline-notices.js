// Vite plugin for the single file (vite.single.config.js): the site's footer links to LICENSE.txt
// and THIRD-PARTY-NOTICES.txt beside the page, and a file copied alone has nothing beside it. Here
// each of those links becomes a disclosure in the footer holding the same text, made by the same
// code from this build's own module graph (so it names what this file carries). Not a link to an
// in-page anchor: the hash is the lesson's route (web/src/router/hash.js); nor a data: URL, which
// a page may not open as a top-level document. It works with scripts off, too.
import { LICENCE_FILE, projectLicenceText } from './licence.js';
import { thirdPartyNoticeText } from './third-party-notice.js';

export const NOTICE_FILE = 'THIRD-PARTY-NOTICES.txt';

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** inlineNotices({ repo, native }): native as for thirdPartyNotice (web/plugins/native-software.js). */
export function inlineNotices({ repo, native }) {
  return {
    name: 'inline-notices',
    apply: 'build',
    // After Vite has written the page, before vite-plugin-singlefile inlines the scripts into it.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = Object.values(bundle).find((f) => f.fileName.endsWith('.html'));
      if (!page) this.error('the single-file build made no HTML file');
      const texts = {
        [LICENCE_FILE]: () => projectLicenceText(repo),
        [NOTICE_FILE]: () => thirdPartyNoticeText(this, { repo, native }),
      };
      const html = String(page.source);
      const footer = /<p class="site-licence">([\s\S]*?)<\/p>/.exec(html);
      const links = footer ? [...footer[1].matchAll(/<a href="\.\/([^"]+)">([^<]+)<\/a>/g)] : [];
      const carried = Object.keys(texts);
      if (links.length === 0 || links.some(([, file]) => !carried.includes(file))) {
        this.error(
          `the single file carries ${carried.join(' and ')} in its footer; web/index.html's <p class="site-licence"> ` +
            `links to ${links.map(([, file]) => file).join(', ') || 'none of them'}`,
        );
      }
      const prose = footer[1].slice(0, links[0].index).trim();
      const disclosures = links.map(
        ([, file, label]) =>
          `<details class="notice-text" data-notice="${file}"><summary>${label}</summary>` +
          `<pre tabindex="0" role="region" aria-label="${label}">${escapeHtml(texts[file]())}</pre></details>`,
      );
      // A function, so a "$" in a licence text is not read as a replacement pattern.
      page.source = html.replace(
        footer[0],
        () => `<p class="site-licence">${prose}</p>\n<div class="site-notices">${disclosures.join('')}</div>`,
      );
    },
  };
}
