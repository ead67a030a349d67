// The single-file build's stand-in for web/src/offline/register.js: a page opened from file://
// cannot register a service worker, and everything it needs is already inside the file.
export function registerOffline() {}
