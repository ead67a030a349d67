// The bytes of a wasm binary given as a data: URL (the single-file build inlines the binaries
// that way), decoded here and not fetched: a page opened from file:// has a CSP whose connect-src
// does not allow data:, and the bytes are already in memory. null for any other URL.
export function dataUrlBytes(url) {
  const text = String(url);
  if (!text.startsWith('data:')) return null;
  const binary = atob(text.slice(text.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
