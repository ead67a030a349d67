// The engine's JS API: plain arrays in, plain arrays out. Every number is computed by the
// C++ engine; this file only checks shapes, packs a call's arguments into one Float64Array
// in wasm memory, runs the call and unpacks its results with plain loops.
//
// The functions are not written out here: each is declared once in C++
// (wasm/bindings/functions.hpp) with its arguments and result as types, and the module
// hands that table over at load. From it this file builds attn.<name>(), its checks and
// its unpacking, so a new engine function needs no JS.
//
// Vectors are arrays of numbers, matrices arrays of rows. Any invalid input throws an Error
// whose message names the problem ("W_Q has 3 rows but X has 4 columns"); the module keeps
// working afterwards. Rows, columns and entries in messages are counted from 1.
import { Packer, describe, grouped, toBoolean, toInteger } from './convert.js';
import { makeModelApi } from './models.js';

const EMPTY = Object.freeze({});

/** A function (value, prefix) that checks one declared argument and packs it. */
function encoder(type, packer) {
  const { label, fallback } = type;
  // A grouped field (multi-head attention's W_K with kvHeads) may be left out here; C++ says
  // where it must be given.
  const optional = type.optional || type.groupedBy !== undefined;
  const hasFallback = fallback !== undefined;
  const absent = (v) => v === undefined || v === null;
  switch (type.kind) {
    case 'number':
      return (v, prefix) => {
        if (v === undefined && hasFallback) return packer.push(fallback);
        if (typeof v !== 'number') throw new Error(`${prefix}${label} must be a number, got ${describe(v)}`);
        packer.push(v);
      };
    case 'integer':
      if (optional) {
        // A flag, then the number: 0 is a value to refuse, not absence.
        return (v, prefix) => {
          if (absent(v)) return packer.push(0);
          const n = toInteger(v, `${prefix}${label}`);
          packer.push(1);
          packer.push(n);
        };
      }
      return (v, prefix) => packer.push(v === undefined && hasFallback ? fallback : toInteger(v, `${prefix}${label}`));
    case 'choice': {
      const quoted = type.choices.map((c) => `'${c}'`);
      const allowed = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
      const index = new Map(type.choices.map((c, i) => [c, i]));
      return (v, prefix) => {
        const i = v === undefined ? index.get(fallback) : typeof v === 'string' ? index.get(v) : undefined;
        if (i === undefined) throw new Error(`${prefix}${label} must be ${allowed}, got ${describe(v)}`);
        packer.push(i);
      };
    }
    case 'boolean':
      return (v, prefix) => packer.push(toBoolean(v, `${prefix}${label}`, fallback) ? 1 : 0);
    case 'vector':
      return (v, prefix) => {
        if (optional && absent(v)) return packer.push(0);
        packer.vector(v, `${prefix}${label}`);
      };
    case 'matrix':
      return (v, prefix) => {
        if (optional && absent(v)) return packer.push(0); // 0 rows
        packer.matrix(v, `${prefix}${label}`);
      };
    case 'object': {
      const keys = type.fields.map((f) => f.key);
      const fields = type.fields.map((f) => encoder(f, packer));
      return (v, prefix) => {
        let value = v;
        if (value === undefined || value === null) {
          if (!optional) throw new Error(`${prefix}${type.message}`);
          value = EMPTY;
        } else if (typeof value !== 'object' || Array.isArray(value)) {
          throw new Error(`${prefix}${type.message}`);
        }
        for (let i = 0; i < fields.length; i++) fields[i](value[keys[i]], prefix);
      };
    }
    case 'list': {
      const element = encoder(type.fields[0], packer);
      const prefixes = []; // "head 1: ", ... made once
      return (v, prefix) => {
        if (!Array.isArray(v) || v.length === 0) throw new Error(`${prefix}${type.message}`);
        if (v.length > type.max) {
          throw new Error(`${grouped(v.length)} ${label}s exceeds the limit of ${grouped(type.max)}`);
        }
        packer.push(v.length);
        // An index loop, not map/forEach: a hole in a sparse array must be seen (as nothing).
        for (let i = 0; i < v.length; i++) {
          prefixes[i] ??= `${label} ${i + 1}: `;
          element(v[i], prefix + prefixes[i]);
        }
      };
    }
    default:
      throw new Error(`the engine declares an argument of unknown kind ${type.kind}`);
  }
}

/** Builds the API object around an instantiated Emscripten module (use loadAttention()). */
export function makeAttentionApi(Module) {
  const { functions, limits } = JSON.parse(Module.UTF8ToString(Module._attn_functions()));
  const packer = new Packer(limits);

  // The results of the last call: wasm memory as doubles, and where the next value is.
  let heap;
  let pos = 0;
  // Plain loops over locals, not Array.from(subarray) (in Node 20 / V8 ~13x slower) and not
  // the closure's variables inside the loop (V8 then reloads them on every entry).
  const readVector = () => {
    const h = heap;
    const start = pos + 1;
    const n = h[pos];
    const out = new Array(n);
    for (let j = 0; j < n; j++) out[j] = h[start + j];
    pos = start + n;
    return out;
  };
  const readMatrix = () => {
    const h = heap;
    const rows = h[pos];
    const cols = h[pos + 1];
    let p = pos + 2;
    const out = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const row = new Array(cols);
      for (let j = 0; j < cols; j++) row[j] = h[p + j];
      out[i] = row;
      p += cols;
    }
    pos = p;
    return out;
  };

  /** A function () that unpacks one declared result at pos. */
  function decoder(type) {
    switch (type.kind) {
      case 'number':
        if (!type.optional) return () => heap[pos++];
        return () => {
          const v = heap[pos + 1];
          pos += 2;
          return heap[pos - 2] ? v : null; // e.g. the cosine of a zero vector: no direction
        };
      case 'vector':
        return readVector;
      case 'matrix':
        if (!type.optional) return readMatrix;
        return () => (heap[pos++] ? readMatrix() : undefined);
      case 'list': {
        const element = decoder(type.fields[0]);
        return () => {
          const out = new Array(heap[pos++]);
          for (let i = 0; i < out.length; i++) out[i] = element();
          return out;
        };
      }
      case 'object': {
        const keys = type.fields.map((f) => f.key);
        const fields = type.fields.map(decoder);
        return () => {
          const out = {};
          for (let i = 0; i < fields.length; i++) {
            const v = fields[i]();
            if (v !== undefined) out[keys[i]] = v; // an absent optional result has no key
          }
          return out;
        };
      }
      default:
        throw new Error(`the engine declares a result of unknown kind ${type.kind}`);
    }
  }

  // Emscripten's Module._attn_* start as wrappers that replace themselves with the wasm
  // export on first use; one harmless call each (index -1 is no function) leaves the exports
  // themselves, called directly from here on.
  Module._attn_input(0);
  Module._attn_call(-1);
  Module._attn_output();
  Module._attn_error();
  Module._attn_release();
  const {
    _attn_input: input,
    _attn_call: call,
    _attn_output: output,
    _attn_error: error,
    _attn_release: release,
  } = Module;
  heap = Module.HEAPF64;

  /** Runs function `index` on the packed arguments; its results are then at heap[pos...]. */
  function run(index) {
    const n = packer.length;
    const ptr = input(n);
    if (ptr === 0 && n > 0) throw new Error('out of memory: the input is too large for this page');
    // Growing wasm memory detaches the old buffer (length 0): take the new view then.
    if (heap.length === 0) heap = Module.HEAPF64;
    const at = ptr >> 3;
    const data = packer.data;
    if (n < 512) for (let i = 0; i < n; i++) heap[at + i] = data[i];
    else heap.set(data.subarray(0, n), at);
    if (call(index) !== 0) throw new Error(Module.UTF8ToString(error()));
    if (heap.length === 0) heap = Module.HEAPF64;
    pos = output() >> 3;
  }

  // read: unpack the results into arrays; false leaves them unread (a call measured for its
  // memory, where 2 million numbers made into arrays cost more time than the call itself).
  function engineFunction(declaration, index, read = true) {
    const args = declaration.args.map((a) => encoder(a, packer));
    const result = decoder(declaration.result);
    return function () {
      try {
        for (let i = 0; i < args.length; i++) args[i](arguments[i], '');
        run(index);
        return read ? result() : undefined;
      } finally {
        packer.reset();
        release(); // the results are copied out (or the call failed): a large output goes now
      }
    };
  }
  const unread = (name) => {
    const i = functions.findIndex((f) => f.name === name);
    return engineFunction(functions[i], i, false);
  };
  const selfAttentionUnread = unread('selfAttention');
  const attentionTiledUnread = unread('attentionTiled');

  const api = {
    /** The declarations of the engine's functions (wasm/bindings/functions.hpp). */
    functions,
    /** Size limits of one call: { dimension, heads, numbers } (wasm/include/attn/validate.hpp). */
    limits,
    /**
     * Memory probes for leak tests and benchmarks: { heapBytes (wasm memory size),
     * allocatedBytes (in use by malloc), jsHandles (live embind values, the models') }.
     */
    heapStats: () => ({
      heapBytes: Module.HEAP8.length,
      allocatedBytes: Module._attn_allocated_bytes(),
      jsHandles: Module.count_emval_handles?.() ?? 0, // engine.wasm has no embind
    }),
    /**
     * Runs fn() and returns { result, peakBytes }: the most bytes the engine held at once while
     * fn ran, beyond those it held when fn began, by its own count of malloc's blocks
     * (wasm/bindings/heap_count.cpp): every matrix it reads, computes and keeps, never the
     * buffers that carry arguments and results to JS.
     */
    measurePeak(fn) {
      if (typeof fn !== 'function') throw new Error(`measurePeak needs a function to run, got ${describe(fn)}`);
      const start = Module._attn_heap_peak_reset();
      const result = fn();
      return { result, peakBytes: Module._attn_heap_peak() - start };
    },
    /**
     * The same attention computed both ways, each measured by measurePeak:
     * { plainBytes (selfAttention, which keeps the n x n scores and weights), tiledBytes
     * (attentionTiled with spec's blockSize, no trace), ratio: plainBytes / tiledBytes }.
     */
    attentionMemory(spec) {
      if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
        throw new Error('attentionMemory needs an object { X, Wq, Wk, Wv, blockSize, ... }');
      const { blockSize, trace, ...plain } = spec; // eslint-disable-line no-unused-vars
      // The tiled call first: it checks blockSize before the larger call runs.
      const tiledBytes = api.measurePeak(() => attentionTiledUnread({ ...spec, trace: false })).peakBytes;
      const plainBytes = api.measurePeak(() => selfAttentionUnread(plain)).peakBytes;
      return { plainBytes, tiledBytes, ratio: plainBytes / tiledBytes };
    },
  };
  functions.forEach((f, i) => {
    api[f.name] = engineFunction(f, i);
  });

  // The page's engine.wasm leaves the models out (wasm/wasm.cmake): no createTrainer there.
  if (typeof Module.modelDeclarations === 'function') Object.assign(api, makeModelApi(Module));
  return api;
}
