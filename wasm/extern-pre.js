// Prepended (--extern-pre-js) to the ES module Emscripten 3.1.6 emits. Its
// Node branch reads `__dirname`, which does not exist in an ES module, and
// throws a ReferenceError before the module starts. Defining it from
// import.meta.url fixes that; it is only used to locate the .wasm file, which
// our Node loader passes as bytes (wasmBinary) anyway. Harmless in browsers.
// A worker made from a Blob (blob: URL, which no relative URL resolves against) gets ''.
var __dirname = (() => {
  try {
    return new URL('.', import.meta.url).pathname;
  } catch {
    return '';
  }
})();
