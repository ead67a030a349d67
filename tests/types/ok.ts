// The Engine API and the trainer as docs/api.md shows them, typed: must compile under strict.
import { loadAttention, type Matrix, type TrainerOptions } from 'attention-tutorial';

const attn = await loadAttention(); // in Node, the trainer is always there

const dot: number = attn.dot([1, 2], [3, 4]);
const cosine: number | null = attn.similarity([1, 0], [0, 1]).cosine;
const weights: number[] = attn.softmax([8, 2, 5]);
const masked = attn.softmax([1, -Infinity], 0.5);
const typed = attn.linear([new Float64Array([1, 2])], [new Int8Array([1]), [2]]); // typed arrays read as arrays
const { divisor, exps, sum } = attn.softmaxTrace([1, 2, 3], 1, 4);

const X: Matrix = [
  [1, 0, 1, 0],
  [0, 2, 0, 2],
];
const W = [
  [1, 0],
  [0, 1],
  [1, 1],
  [0, 0],
];
const projected: number[][] = attn.linear(X, W, [0.5, -0.5]);
const sameShape = attn.residual(X, X);

const head = attn.selfAttention({ X, Wq: W, Wk: W, Wv: W, bq: null, causal: true, temperature: 2 });
const row: number[] = head.weights[0];
const output: number[][] | undefined = head.output; // only when the value width is the width of X

const multi = attn.multiHeadAttention({
  X,
  heads: [
    { Wq: W, Wk: W, Wv: W },
    { Wq: W, Wk: W, Wv: W, bv: [1, 2] },
  ],
  Wo: [
    [1, 0, 0, 1],
    [0, 1, 1, 0],
    [1, 1, 0, 0],
    [0, 0, 1, 1],
  ],
  scale: false,
});
const firstContext: number[][] = multi.heads[0].context;

// Attention at scale: RoPE, grouped-query heads, softmax plus one, tiles.
const turned: number[][] = attn.rope(X, { base: 100 });
const rotary = attn.selfAttention({ X, Wq: W, Wk: W, Wv: W, positions: 'rope', ropeBase: 500, softmax: 'plusOne' });
const grouped = attn.multiHeadAttention({
  X,
  kvHeads: 1,
  heads: [{ Wq: W, Wk: W, Wv: W, bk: [0, 1] }, { Wq: W }],
  Wo: [[1], [1], [1], [1]],
});
const tiled = attn.attentionTiled({ X, Wq: W, Wk: W, Wv: W, blockSize: 1, causal: true, trace: true });
const runningMax: number[] = tiled.tiles[0].max;
const tiledContext: number[][] = tiled.context;
const choices: readonly string[] | undefined = attn.functions.flatMap((f) => f.args)[0].choices;

const normed = attn.layerNorm(X);
const { mean, variance } = attn.layerNormTrace(X, { eps: 0.1, gamma: [1, 1, 1, 1] });
const positions = attn.positionalEncoding(6, 4);
const hidden = attn.feedForwardTrace(X, { W1: W, W2: [[1], [1]] }).activated;
const entropy: number[] = attn.attentionEntropy(head.weights);

const limit: number = attn.limits.dimension;
const names: string[] = attn.functions.map((f) => `${f.name}: ${f.summary}`);
const optionalArgs = attn.functions.flatMap((f) => f.args).filter((a) => a.optional || a.fallback !== undefined);
const { allocatedBytes } = attn.heapStats();

const options: TrainerOptions = { heads: 2, layerNorm: true, task: 'pronouns', optimizer: 'sgd', momentum: 0.9 };
const t = attn.createTrainer(options);
const { step, loss, accuracy } = t.step(100);
const { attention, headAttention } = t.evaluate();
const map = t.attention('transformers are amazing');
const strength: number = map.weights[0][1][0];
const guess = t.predict('cars are fast and books are loud');
const best: string = guess.candidates[guess.probabilities.indexOf(Math.max(...guess.probabilities))];
t.setLearningRate(t.options().lr / 2);
t.reset(7);
const words: string[] = [...t.vocabulary(), ...t.sample(3)];
t.dispose();

const translator = attn.createTranslator({ layers: 2, heads: 4, width: 16, optimizer: 'sgd' });
translator.step(10);
const { exactMatch, heldOutSize } = translator.evaluate();
const translation = translator.translate('the small girl reads a new book');
const crossWeight: number = translation.cross[0][0][0][0];
const hindi: string = `${translation.output.join(' ')} (${translation.romanized.join(' ')})`;
const nounOnNoun: number = Math.max(...translator.attentionReport().nounOnNoun);
const roman: string[] = translator.vocabulary().hindi.map((w) => w.roman);
const example: string = translator.examples(1)[0].english;
translator.dispose();

export const usedByTranslator = [exactMatch, heldOutSize, crossWeight, hindi, nounOnNoun, roman, example];

const lm = attn.createLanguageModel({ task: 'induction', layers: 2, attentionOnly: true });
lm.step(10);
const { copyAccuracy, chance } = lm.evaluate();
const prefix: number = lm.headScores().prefixMatching[1][0];
const ablated: number[][] = lm.ablate(1, 0);
lm.restore();
const seen: number = lm.attention(['a', 'b', 'a']).layers[0][1][2][0];
const nextP: number = lm.next('a b a').probabilities[0];
const sample = lm.generate('a b c a', { maxTokens: 4, temperature: 0.8, topK: 5, topP: 0.9, seed: 2, cache: false });
const cost: number = sample.steps[0].multiplyAdds;
const firstToken: string = sample.tokens[0];
lm.dispose();
const sentences = attn.createLanguageModel({ task: 'sentences' });
const judged: boolean = sentences.grammatical(['the', 'boy', 'eats', 'the', 'bread', '<eos>']);
sentences.dispose();

export const usedByLanguageModel = [copyAccuracy, chance, prefix, ablated, seen, nextP, cost, firstToken, judged];

export const used = [
  dot,
  cosine,
  weights,
  masked,
  typed,
  divisor,
  exps,
  sum,
  projected,
  sameShape,
  row,
  output,
  firstContext,
  normed,
  mean,
  variance,
  positions,
  hidden,
  entropy,
  limit,
  names,
  optionalArgs,
  allocatedBytes,
  step,
  loss,
  accuracy,
  attention,
  headAttention,
  strength,
  best,
  words,
];
