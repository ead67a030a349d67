// Types of the browser entry point (browser.js). Without { trainer: true } it loads the engine
// alone, whose createTrainer only throws: the types leave it out, so calling it is a type error.
import type { Attention, AttentionWithTrainer } from './api.js';

export type * from './api.js';

export interface LoadOptions {
  /** true: attention.wasm, engine + trainer; false (default): engine.wasm, the engine alone. */
  trainer?: boolean;
  /** Where the .wasm file is (default: the one Vite bundled, SIMD where supported). */
  wasmUrl?: string | URL;
}

/** The engine API, instantiated once per wasm URL and shared by every caller. */
export function loadAttention(options: LoadOptions & { trainer: true }): Promise<AttentionWithTrainer>;
export function loadAttention(options?: LoadOptions & { trainer?: false }): Promise<Attention>;
export function loadAttention(options?: LoadOptions): Promise<Attention | AttentionWithTrainer>;
