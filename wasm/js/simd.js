// Does this engine run WebAssembly SIMD (128-bit vectors)? Chromium 91+,
// Firefox 89+, Safari 16.4+ and Node 16.4+ do; older browsers get the plain build.
// The bytes are the smallest module that uses a v128 instruction (the same
// probe as the wasm-feature-detect library): a function returning
// i8x16.popcnt(i8x16.splat(0)). validate() compiles nothing and fetches nothing.
const probe = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version 1
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function section: one function of type 0
  0x0a,
  0x0a,
  0x01,
  0x08,
  0x00, // code section: one body, no locals
  0x41,
  0x00,
  0xfd,
  0x0f,
  0xfd,
  0x62,
  0x0b, // i32.const 0, i8x16.splat, i8x16.popcnt, end
]);

let supported = null;

/** true when WebAssembly SIMD is available (checked once). */
export function simdSupported() {
  if (supported === null) {
    try {
      supported = typeof WebAssembly === 'object' && WebAssembly.validate(probe);
    } catch {
      supported = false;
    }
  }
  return supported;
}
