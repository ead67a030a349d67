// Mistakes the types must catch: tsc fails on any line marked @ts-expect-error that is NOT an error.
import { loadAttention } from 'attention-tutorial';

const attn = await loadAttention();
const X = [
  [1, 0],
  [0, 1],
];

// @ts-expect-error: a misspelt option, casual for causal
attn.selfAttention({ X, Wq: X, Wk: X, Wv: X, casual: true });
// @ts-expect-error: Wv, a required field, is missing
attn.selfAttention({ X, Wq: X, Wk: X });
// @ts-expect-error: a vector where the matrix X goes
attn.selfAttention({ X: [1, 0], Wq: X, Wk: X, Wv: X });
// @ts-expect-error: text where a boolean goes
attn.selfAttention({ X, Wq: X, Wk: X, Wv: X, scale: 'yes' });
// @ts-expect-error: a head without Wk
attn.multiHeadAttention({ X, heads: [{ Wq: X, Wv: X }], Wo: X });
// @ts-expect-error: kvHeads is a number of heads, not text
attn.multiHeadAttention({ X, kvHeads: '1', heads: [{ Wq: X, Wk: X, Wv: X }, { Wq: X }], Wo: X });
// @ts-expect-error: no such position scheme
attn.selfAttention({ X, Wq: X, Wk: X, Wv: X, positions: 'alibi' });
// @ts-expect-error: the softmax choice is 'plusOne'
attn.selfAttention({ X, Wq: X, Wk: X, Wv: X, softmax: 'plus-one' });
// @ts-expect-error: attentionTiled needs a blockSize
attn.attentionTiled({ X, Wq: X, Wk: X, Wv: X });
// @ts-expect-error: rope's base is a number
attn.rope(X, { base: '10000' });
// @ts-expect-error: a matrix is an array of rows, not one typed array
attn.linear(new Float64Array(4), X);
// @ts-expect-error: numbers, not BigInts
attn.softmax(new BigInt64Array(2));
// @ts-expect-error: text where the temperature (a number) goes
attn.softmax([1, 2], '2');
// @ts-expect-error: dot takes two vectors
attn.dot([1, 2]);
// @ts-expect-error: layer norm's parameter is eps
attn.layerNorm(X, { epsilon: 0.1 });
// @ts-expect-error: no such engine function
attn.selfAtention({ X, Wq: X, Wk: X, Wv: X });
// @ts-expect-error: cosine is null for a zero vector
export const cosine: number = attn.similarity([0, 0], [1, 1]).cosine;
// @ts-expect-error: output is absent unless the value width is the width of X
export const first = attn.selfAttention({ X, Wq: X, Wk: X, Wv: X }).output[0];
// @ts-expect-error: limits are read-only
attn.limits = { dimension: 1, heads: 1, numbers: 1 };
// @ts-expect-error: the trainer's option is lr
attn.createTrainer({ learningRate: 0.1 });
// @ts-expect-error: no such task
attn.createTrainer({ task: 'nouns' });
// @ts-expect-error: predict takes a sentence, not its words
attn.createTrainer().predict(['cars', 'are', 'fast']);
// @ts-expect-error: the translator has no task option
attn.createTranslator({ task: 'pronouns' });
// @ts-expect-error: translate takes a sentence, not its words
attn.createTranslator().translate(['the', 'boy', 'eats', 'an', 'apple']);
// @ts-expect-error: no such task
attn.createLanguageModel({ task: 'poems' });
// @ts-expect-error: a misspelt generate option, topk for topK
attn.createLanguageModel().generate('a b', { topk: 3 });
// @ts-expect-error: a prompt is text or an array of tokens, not a number
attn.createLanguageModel().next(7);
// @ts-expect-error: grammatical judges a sentence, not a number
const verdict: number = attn.createLanguageModel({ task: 'sentences' }).grammatical('the boy eats the bread <eos>');
// @ts-expect-error: wasmUrl is the browser entry's option
await loadAttention({ wasmUrl: 'attention.wasm' });
