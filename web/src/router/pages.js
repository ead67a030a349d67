// The site's pages that are not lessons, each at its own route (#/check, #/review). Plain data:
// the content plugin imports it at build time to refuse a lesson whose slug would hide a page.
export const PAGES = Object.freeze({
  check: { title: 'Concept check', nav: 'Concept check' },
  review: { title: 'Review', nav: 'Review' },
});
