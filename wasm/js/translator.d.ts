// Types of the translator's API (translator.js; README "Translator API").

/** createTranslator's options; each left out takes the default the C++ holds. */
export interface TranslatorOptions {
  /** A whole number 0 .. 2^53; default 1. */
  seed?: number;
  /** Encoder layers and decoder layers (the same number on each side); default 1. */
  layers?: 1 | 2;
  /** Attention heads per attention block, 1 .. 4, dividing width; default 2. */
  heads?: number;
  /** Model width d, 4 .. 32; default 32. */
  width?: number;
  /** Learning rate in (0, 10]; default 0.01. */
  lr?: number;
  /** Default 'adam'. */
  optimizer?: 'adam' | 'sgd';
  /** Sentence pairs per step, 1 .. 256; default 16. */
  batch?: number;
}

/** The effective options, defaults filled in. */
export type TranslatorConfig = Required<TranslatorOptions>;

export interface TranslatorStep {
  /** Steps since the last reset. */
  step: number;
  /** Mean cross-entropy per target token over the training batches of this call's steps. */
  loss: number;
  /** Fraction of the batches' target tokens predicted right (teacher forcing). */
  accuracy: number;
}

export interface TranslatorEvaluation {
  /** Steps since the last reset. */
  step: number;
  /** Mean cross-entropy per target token on a fixed sample of training sentences. */
  trainLoss: number;
  /** The same on the held-out sample. */
  heldOutLoss: number;
  /** Held-out sentences whose greedy translation equals the reference exactly, 0 .. 1. */
  exactMatch: number;
  /** Reference tokens (with the end token) the greedy translation has right, position by position, 0 .. 1. */
  tokenAccuracy: number;
  /** Sentences in the held-out sample. */
  heldOutSize: number;
}

export interface Translation {
  /** The English tokens (lower case, articles included): the columns of cross. */
  source: string[];
  /** The greedy translation in Devanagari, without the end token. */
  output: string[];
  /** Its romanisation, word by word. */
  romanized: string[];
  /** The correct Hindi (Devanagari, no end token). */
  reference: string[];
  /** For each reference word, the index in source of the English word it translates (-1: none, e.g. है). */
  alignment: number[];
  /** What the decoder read: '<bos>' then output without its last word (the columns of decoderSelf). */
  decoderInput: string[];
  /** The model's probability of each output word when it chose it. */
  confidence: number[];
  /**
   * cross[layer][head][i][j]: how much the decoder, writing output word i, attends to source
   * word j (rows sum to 1). Row i is the same whether computed word by word or at the end
   * (the decoder's mask), so a page may show the rows one at a time.
   */
  cross: number[][][][];
  /** encoderSelf[layer][head][i][j]: source word i on source word j. */
  encoderSelf: number[][][][];
  /** decoderSelf[layer][head][i][j]: writing output word i, on decoderInput[j] (0 for j > i). */
  decoderSelf: number[][][][];
}

export interface TranslatorVocabulary {
  english: string[];
  hindi: { word: string; roman: string }[];
}

export interface TranslatorExample {
  english: string;
  hindi: string[];
  romanized: string[];
}

/**
 * Where the last decoder layer's cross-attention looks, averaged over the held-out sample with
 * the reference as the decoder's input; each entry per head.
 */
export interface TranslatorAttentionReport {
  /** A Hindi noun on its English noun. */
  nounOnNoun: number[];
  /** The Hindi verb on its English verb. */
  verbOnVerb: number[];
  /** The Hindi verb on the English subject noun (whose gender it takes). */
  verbOnSubject: number[];
  /** A Hindi adjective on the English noun it describes. */
  adjectiveOnNoun: number[];
  /** In the last decoder layer's masked self-attention: the Hindi verb on the Hindi subject written before it. */
  verbOnHindiSubject: number[];
}

export interface Translator {
  /** The effective options, defaults filled in. */
  config(): TranslatorConfig;
  /** n (1 .. 100,000) steps; throws, taking the call back whole, if training diverges. */
  step(n?: number): TranslatorStep;
  /** On the fixed held-out sample (and a fixed training sample for trainLoss). */
  evaluate(): TranslatorEvaluation;
  attentionReport(): TranslatorAttentionReport;
  /** Greedy translation; throws an Error naming the problem for a sentence outside the grammar. */
  translate(sentence: string): Translation;
  vocabulary(): TranslatorVocabulary;
  /** k (1 .. 64, default 5) training sentences with their Hindi. */
  examples(k?: number): TranslatorExample[];
  /** New parameters and sentence stream from seed (default: the current seed). */
  reset(seed?: number): void;
  setLearningRate(lr: number): void;
  /** Frees the translator; any later call throws. */
  dispose(): void;
}

export interface TranslatorApi {
  createTranslator(options?: TranslatorOptions): Translator;
}

/** Builds { createTranslator } around an instantiated Emscripten module (api.js attaches it). */
export function makeTranslatorApi(Module: object): TranslatorApi;
