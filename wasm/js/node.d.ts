// Types of the Node entry point (node.js): every Node build has the trainer.
import type { AttentionWithTrainer } from './api.js';

export type * from './api.js';

export interface LoadOptions {
  /** The -msimd128 build (true) or the plain one (false); default: SIMD where Node runs it and it is built. */
  simd?: boolean;
  /** Accepted for the browser entry's sake; in Node the trainer is always there. */
  trainer?: boolean;
  /** A module of its own, not the shared one: its wasm memory at its start. Default false. */
  fresh?: boolean;
}

/** The engine API; each build is instantiated once and shared by every caller (unless fresh). */
export function loadAttention(options?: LoadOptions): Promise<AttentionWithTrainer>;
