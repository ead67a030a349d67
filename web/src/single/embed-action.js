// The single-file build's stand-in for web/src/lesson/embed-action.js: an embed snippet points an
// <iframe> at embed.html beside the page, and the single file has nothing beside it (nor could a
// page on another site frame a file: URL), so the single file offers no Embed action at all.
export function embedAction() {
  return null;
}
