// The browser entry: the engine alone unless asked for the trainer.
import { loadAttention } from 'attention-tutorial';

const engine = await loadAttention();
export const weights: number[] = engine.softmax([8, 2, 5]);
// @ts-expect-error: the engine alone has no trainer (its createTrainer only throws)
engine.createTrainer();
// @ts-expect-error: nor the translator
engine.createTranslator();

const full = await loadAttention({ trainer: true, wasmUrl: new URL('https://example.org/attention.wasm') });
export const first = full.createTrainer({ seed: 3 }).step();
export const translated = full.createTranslator({ seed: 3 }).translate('a boy eats an apple').output;

// @ts-expect-error: simd is the Node entry's option
await loadAttention({ simd: false });
