// Types of what loadAttention() returns. The engine's functions are in engine-functions.d.ts,
// generated from their declarations (wasm/bindings/functions.hpp) by scripts/engine-types.mjs;
// the rest mirrors api.js by hand.
import type { EngineFunctionName, EngineFunctions } from './engine-functions.js';
import type { ModelApi } from './models.js';

export type { EngineFunctionName, EngineFunctions } from './engine-functions.js';
export type * from './models.js';

/** The typed arrays of numbers the engine reads as vectors (not BigInt64Array: no numbers). */
export type NumberArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;
/** A vector: an array of numbers, or a typed array. Arguments are read, never changed. */
export type Vector = readonly number[] | NumberArray;
/** A matrix: an array (not a typed array) of rows, all of the same length. */
export type Matrix = readonly Vector[];

/** Size limits of one call (wasm/include/attn/validate.hpp). */
export interface Limits {
  /** Largest row count, column count or vector length. */
  dimension: number;
  /** Most heads multiHeadAttention takes. */
  heads: number;
  /** Most numbers one call takes in, and most it computes. */
  numbers: number;
}

/** One declared argument or result, as the engine describes it (wasm/bindings/packed.hpp). */
export interface TypeDeclaration {
  kind: 'number' | 'integer' | 'boolean' | 'choice' | 'vector' | 'matrix' | 'object' | 'list';
  /** The argument or property name in JS ('' for a whole result or a list's element). */
  key: string;
  /** Its name in error messages: W_Q for Wq. */
  label: string;
  /** May be left out (a number result: may be null). */
  optional?: true;
  /** The value when left out (a choice: its first). */
  fallback?: number | boolean | string;
  /** A choice: the texts allowed. */
  choices?: readonly string[];
  /**
   * A field of a list's element given on the first element of each group only, the groups being
   * as many as this whole-number field of the object around the list (multiHeadAttention's W_K
   * and W_V: 'kvHeads'). JS lets it be left out anywhere; the engine says where it must be.
   */
  groupedBy?: string;
  /** Size symbols: a vector's length is its rows. */
  rows?: string;
  cols?: string;
  /** An object or list: the error when the value is not one. */
  message?: string;
  /**
   * An argument: what well-formed values hold; a result: what every result holds. 'masked':
   * finite or -Infinity, never a whole row of it; 'distribution': rows in [0, 1] summing to 1;
   * 'subdistribution': rows in [0, 1] summing to at most 1 (attention weights, which sum to less
   * with softmax 'plusOne'). Absent: any finite number.
   */
  values?: 'masked' | 'distribution' | 'subdistribution';
  /** A number argument: typical values, for generated calls. */
  samples?: readonly number[];
  /** A list: its longest length (each list declares its own). */
  max?: number;
  /** An object's fields; a list's one element type. */
  fields?: readonly TypeDeclaration[];
}

/** One engine function's declaration: attn.functions lists them in declaration order. */
export interface FunctionDeclaration {
  name: EngineFunctionName;
  /** The C++ function it calls. */
  cpp: string;
  summary: string;
  args: readonly TypeDeclaration[];
  result: TypeDeclaration;
  /**
   * The range [min, max] of a size symbol in generated calls (1..6 for a symbol not listed), and
   * how it relates to another symbol: at most its size, or one of its divisors.
   */
  sizes: Readonly<Record<string, readonly [number, number] | readonly [number, number, 'atMost' | 'divides', string]>>;
}

/** Memory probes for leak tests and benchmarks. */
export interface HeapStats {
  /** The wasm memory's size. */
  heapBytes: number;
  /** In use by malloc. */
  allocatedBytes: number;
  /** Live embind values (the models'); 0 in the engine without the models. */
  jsHandles: number;
}

/** The engine: every declared function, plus what describes it. */
export interface Attention extends EngineFunctions {
  /** The declarations the functions are built from (wasm/bindings/functions.hpp). */
  readonly functions: readonly FunctionDeclaration[];
  readonly limits: Limits;
  heapStats(): HeapStats;
  /**
   * Runs fn() and returns its result with the most bytes the engine held at once while it ran,
   * beyond those it held when fn began (its own count of malloc's blocks, not the buffers that
   * carry arguments and results to JS).
   */
  measurePeak<T>(fn: () => T): { result: T; peakBytes: number };
  /** The same attention both ways, each through measurePeak; ratio = plainBytes / tiledBytes. */
  attentionMemory(spec: Parameters<EngineFunctions['attentionTiled']>[0]): AttentionMemory;
}

/** Peak bytes of selfAttention (the n x n scores and weights kept) and attentionTiled. */
export interface AttentionMemory {
  plainBytes: number;
  tiledBytes: number;
  ratio: number;
}

/** The engine with the models (attention.wasm): adds create<Name>() for every declared model. */
export interface AttentionWithTrainer extends Attention, ModelApi {}

/** Builds the API around an instantiated Emscripten module (use loadAttention()). */
export function makeAttentionApi(Module: object): Attention | AttentionWithTrainer;
