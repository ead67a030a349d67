// What the .wasm files and their JS glue carry that npm does not know about: the compiled C and
// C++ libraries and Eigen, for the third-party notice (third-party-notice.js `native`), in the
// site's THIRD-PARTY-NOTICES.txt and inside the single file alike. Licence texts in licenses/.
export const NATIVE_SOFTWARE = [
  {
    title: 'Emscripten 3.1.6 runtime',
    license: 'MIT',
    home: 'https://github.com/emscripten-core/emscripten',
    shipped:
      'the JavaScript glue of engine.wasm and attention.wasm (in the engine chunks) and the C library code compiled into both',
    files: ['licenses/emscripten.txt'],
  },
  {
    title: 'musl libc, as shipped with Emscripten 3.1.6',
    license: 'MIT',
    home: 'https://musl.libc.org',
    shipped: 'C library functions compiled into engine.wasm and attention.wasm',
    files: ['licenses/musl.txt'],
  },
  {
    title: 'LLVM libc++, libc++abi and compiler-rt 13, as shipped with Emscripten 3.1.6',
    license: 'Apache-2.0 WITH LLVM-exception',
    home: 'https://llvm.org',
    shipped: 'the C++ standard library and exception support compiled into engine.wasm and attention.wasm',
    files: ['licenses/llvm-exception.txt', 'licenses/Apache-2.0.txt'],
  },
  {
    title: 'Eigen 3.4',
    license: 'MPL-2.0',
    home: 'https://eigen.tuxfamily.org (source code: https://gitlab.com/libeigen/eigen)',
    shipped: 'the matrix code compiled into engine.wasm and attention.wasm, unmodified',
    files: ['licenses/MPL-2.0.txt'],
  },
];
