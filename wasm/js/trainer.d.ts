// Types of the training demo's API (trainer.js; README "Training API").

/** createTrainer's options; each left out takes the default the C++ holds. */
export interface TrainerOptions {
  /** Default 'adjectives'. */
  task?: 'adjectives' | 'pronouns';
  /** A whole number 0 .. 2^53; default 1. */
  seed?: number;
  /** Stacked attention layers, each with its own heads, W_O, residual and layer norm; default 1. */
  layers?: 1 | 2;
  /** 1 .. 4, dividing width; default 1. */
  heads?: number;
  /** Model width d, 4 .. 32; default 16. */
  width?: number;
  /** Learning rate in (0, 10]; default 0.01. */
  lr?: number;
  /** Default 'adam'. */
  optimizer?: 'adam' | 'sgd';
  /** Default false. */
  layerNorm?: boolean;
  /** Sentences per step, 1 .. 256; default 32. */
  batch?: number;
  /** [0, 1), SGD only; default 0. */
  momentum?: number;
  /** Largest gradient L2 norm, 0 = no clipping; default 1. */
  clip?: number;
}

/** The effective options, defaults filled in. */
export type TrainerConfig = Required<TrainerOptions>;

export interface StepResult {
  /** Steps since the last reset. */
  step: number;
  /** Mean cross-entropy over the training batches of this call's steps. */
  loss: number;
  accuracy: number;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Mean attention from the question word to the word that answers it. */
  attention: number;
  /** The same per head, in the last layer. */
  headAttention: number[];
  /** layerAttention[layer][head]: the same for every layer. */
  layerAttention: number[][];
}

export interface AttentionMap {
  tokens: string[];
  /** weights[head][i][j]: how much word i attends to word j, in the last layer. */
  weights: number[][][];
  /** layers[layer][head][i][j]: every layer's weights. */
  layers: number[][][][];
}

export interface Prediction {
  tokens: string[];
  /** Index of the question word in tokens. */
  position: number;
  word: string;
  candidates: string[];
  /** Aligned with candidates. */
  probabilities: number[];
}

export interface Trainer {
  options(): TrainerConfig;
  /** n (1 .. 100,000) steps; throws, taking the call back whole, if training diverges. */
  step(n?: number): StepResult;
  /** On the held-out sentences. */
  evaluate(): Evaluation;
  attention(sentence: string): AttentionMap;
  /** The answer at the sentence's last question word. */
  predict(sentence: string): Prediction;
  /** New parameters and sentence stream from seed (default: the current seed). */
  reset(seed?: number): void;
  setLearningRate(lr: number): void;
  /** The words the task knows. */
  vocabulary(): string[];
  /** k (1 .. 64, default 5) held-out sentences. */
  sample(k?: number): string[];
  /** Frees the trainer; any later call throws. */
  dispose(): void;
}

export interface TrainerApi {
  createTrainer(options?: TrainerOptions): Trainer;
}

/** Builds { createTrainer } around an instantiated Emscripten module (api.js attaches it). */
export function makeTrainerApi(Module: object): TrainerApi;
