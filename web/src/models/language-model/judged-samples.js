// Sampled sentences judged by the grammar (engine: generate() and grammatical()), as lesson 11's
// sampling lab shows them and its facts measure them: the page's worker and the Node tests run
// this same code, so "95% grammatical" on the page and in the tests is one measurement.

export const MAX_SAMPLES = 200; // per question; 200 is what the lesson's claims are measured on
// Per temperature in lesson 11's sweep: the page's Measure and the claims it is checked by.
export const SWEEP_SAMPLES = 100;
const MAX_TEMPERATURES = 12;

function checkCount(count) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SAMPLES)
    throw new Error(`the number of samples must be a whole number from 1 to ${MAX_SAMPLES}, got ${count}`);
}

/**
 * count continuations of prompt, drawn with seeds seed, seed + 1, ... (generate()'s other
 * options as given), each judged with its prompt: [{ tokens, grammatical }]. A sample is judged
 * whole, prompt included, so a prompt that is already wrong makes every sample wrong.
 */
export function judgedSamples(model, prompt, options, count) {
  checkCount(count);
  const first = options?.seed ?? 1;
  const promptTokens = model.next(prompt).tokens; // <bos> first; throws for a prompt it cannot read
  const out = [];
  for (let k = 0; k < count; k++) {
    // maxTokens at its most: the context's end or <eos> stops a sentence first.
    const g = model.generate(prompt, { ...options, maxTokens: 64, seed: first + k });
    const words = [...promptTokens, ...g.tokens];
    out.push({ tokens: g.tokens, grammatical: model.grammatical(words) });
  }
  return out;
}

/** The share of grammatical samples at each temperature: [{ temperature, share, count }]. */
export function temperatureSweep(model, prompt, temperatures, count) {
  checkCount(count);
  if (!Array.isArray(temperatures) || temperatures.length < 1 || temperatures.length > MAX_TEMPERATURES)
    throw new Error(`give 1 to ${MAX_TEMPERATURES} temperatures`);
  return temperatures.map((temperature) => {
    const judged = judgedSamples(model, prompt, { temperature, seed: 1 }, count);
    return { temperature, share: judged.filter((s) => s.grammatical).length / count, count };
  });
}
