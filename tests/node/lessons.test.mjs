// Every ```exercise``` and ```predict``` in content/lessons is answerable: the page's own checkers
// (expectedAnswer, predictAnswer) run it through the wasm engine, and the result matches the answer
// worked out by hand. If a lesson gains, loses or reorders one, these tables must be updated with a
// hand check. Misconception answers are checked too: each is what its wrong idea gives, and none
// can be mistaken for the right answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { listLessons, compileLesson, loadWidgetSchemas } from '../../web/plugins/content-plugin.js';
import { expectedAnswer, misconceptionValues, misconceptionFor, parseAnswer } from '../../web/src/lesson/exercise.js';
import { predictAnswer, verdict } from '../../web/src/lesson/predict.js';

const contentDir = fileURLToPath(new URL('../../content/lessons', import.meta.url));

// slug -> expected answers in order; numbers to 4 decimals, choices by their label.
const HAND_CHECKED = {
  // 0.5*1.4 + 0.5*2.9 = 2.15; "bank" next to "river" leans to nature (vocabulary.json axes);
  // two questions about ideas (an embedding ignores the sentence; weights are an average's).
  context: [2.15, 'nature', 'They are the same list of numbers', 'are positive and add up to 1'],
  // 2*4 + 2*0 = 8; cos = (2*-4 + 2*3) / (sqrt(8) * 5) = -2 / 14.142 = -0.1414;
  // cat=[1,2]: cat.cat = 5, cat.sat = 5, cat.mat = 8 -> mat (the cat/sat/mat exercise).
  'dot-product': [8, -0.1414, 'mat', 'It stays the same', 'The arrows are at right angles: the words share no feature'],
  // The scores [8, 2, 5] of "Transformers are amazing": e^8 / (e^8 + e^2 + e^5) = 0.9503;
  // 2505.5 - 3574 = -1068.5;
  // softmax([0.8, 0.2, 0.5]) first entry = 2.2255 / (2.2255 + 1.2214 + 1.6487) = 0.4368.
  // Entropy of [0.5, 0.5, 0, 0] in bits: -(0.5 * -1 + 0.5 * -1) = 1.
  softmax: [
    0.9503,
    -1068.5,
    0.4368,
    'A small positive weight',
    'Dot products over more entries are larger, and large scores push softmax into all-or-nothing',
    1,
  ],
  // Apple=(2,2), phones=(0,4), W_Q=[[1,0],[0,2]], W_K=[[1,1],[0,1]], unscaled:
  // q(Apple)=(2,4) . k(phones)=(0,4) = 16; q(phones)=(0,8) . k(Apple)=(2,4) = 32.
  'query-key-value': [16, 32, 'The values', 'They do not change'],
  // The worked 2-token example (X = [[6, 1, 4, 4], [8, 4, 6, 3]]): Q1.K2 / sqrt(4) = 7148 / 2
  // = 3574; output[0][0] = 6 + 68 = 74. The cat/sat/mat example in attention form, scores for cat
  // (5, 5, 8) / sqrt(2): weights (0.0967, 0.0967, 0.8066);
  // context[0][1] = 0.0967*2 + 0.0967*1 + 0.8066*3 = 2.7099.
  'attention-step-by-step': [
    3574,
    74,
    2.7099,
    '20 × 20',
    "Each word's output depends only on the inputs, not on the previous word's output",
  ],
  // mean(74, 54, 67, 62) = 64.25; variance = (95.0625 + 105.0625 + 7.5625 + 5.0625) / 4 = 53.1875;
  // (74 - 64.25) / sqrt(53.1875 + 1e-5) = 9.75 / 7.2930 = 1.3369.
  // The feed-forward exercise: [1, -2] W1 = [1 - 4, -1 - 2] = [-3, -3], + b1 = [-3, -2], ReLU
  // [0, 0], times W2 = 0, + b2 = 0.5.
  'residual-and-norm': [64.25, 1.3369, 'the features of one token', 'still differ, because each keeps its own X', 0.5],
  // 512 / 8 = 64 per head; PE[1][0] = sin(1) = 0.8415; a causal first row sees only itself:
  // weight 1; 1000 * 1000 = 1e6.
  'beyond-one-head': [
    64,
    0.8415,
    1,
    1e6,
    'It is the same in both',
    'Each head can follow a different relationship at the same time',
  ],
  // Lesson 5's width-1 case: weights softmax(1, 2) = (0.2689, 0.7311), dL/dA row 1 = (1, 2),
  // average 0.2689 + 1.4621 = 1.7311, dL/ds12 = 0.7311 * (2 - 1.7311) = 0.1966; one step of
  // W_Q = 3 with gradient 0.0014 at lr 1000: 3 - 1.4 = 1.6; two questions about ideas.
  'learning-by-hand': [
    0.1966,
    1.6,
    "Token 1's score for token 2 is made from token 2's key",
    'The loss only asks for a context, and changing the values is a quicker way to reach it than changing the weights',
  ],
  // A uniform row over 5 words: 1/5; softmax([0,0,4,0,1])[2] = e^4 / (3 + e^4 + e)
  // = 54.598 / (3 + 54.598 + 2.718) = 0.9052.
  training: [
    0.2,
    0.9052,
    'Training adjusts W_Q and W_K until looking at the noun lowers the loss',
    'The loss jumps about and the attention never settles',
  ],
  // A 6-word Hindi, 7-word English cross-attention: 6 * 7 = 42 weights; the row of लड़की with
  // q . k = [1, 2, 3, 5, 0, 0] / sqrt(6), masked to its first two words:
  // e^(2/2.4495) / (e^(1/2.4495) + e^(2/2.4495)) = 2.2623 / (1.5041 + 2.2623) = 0.6007; 6 rows x 7 columns;
  // the mask hides the later Hindi words; the verb's ending follows the subject; Q from the
  // decoder, K and V from the encoder.
  'encoder-decoder': [
    42,
    0.6007,
    '6 rows (Hindi) × 7 columns (English)',
    'The Hindi words after the third',
    'the subject, such as girl',
    "Queries from the decoder, keys and values from the encoder's output",
  ],
  // The induction toy: the last a's one matching key scores 8/sqrt(8) = 2.8284, e^2.8284 =
  // 16.919, 16.919 / (16.919 + 4) = 0.8088; the previous-token toy at position 3: 6/sqrt(5) =
  // 2.6833, e^2.6833 = 14.633, 14.633 / (14.633 + 2) = 0.8798; layer 1 writes the letter before;
  // both layer-1 heads feed the induction head's key; one layer has no key carrying the predecessor.
  'induction-heads': [
    0.8088,
    0.8798,
    'Which letter came just before it',
    "The induction head's keys are built from what the layer-1 heads wrote, and both wrote part of it",
    "Its keys see only each token's own letter and position, never the letter before it",
  ],
  // Scores [2, 1, 0] at T = 0.5 are [4, 2, 0]: e^4 / (e^4 + e^2 + 1) = 54.5982 / 62.9872 = 0.8668;
  // the mask keeps earlier keys and values fixed; a decoder-only model keeps the decoder without
  // its cross-attention.
  'next-word': [
    0.8668,
    'The causal mask: an earlier word never reads a later one, so its keys and values never change',
    "The decoder's masked self-attention, feed-forward layers and the output layer; no encoder and no cross-attention",
  ],
  // [1, 0] turned by 2 and by 5 radians: cos(5 - 2) = cos 3 = -0.9900; a shift turns both arrows of
  // a pair alike; lesson 5's token 1 in blocks of one: l = e^(1.0022 - 1.4296) + e^0 =
  // e^-0.4274 + 1 = 0.6522 + 1 = 1.6522; the rescaled running sums make the output exact.
  'attention-at-scale': [
    -0.99,
    'Both arrows of every pair turn by the same angle, and a dot product depends only on the lengths and the angle between the arrows',
    1.6522,
    "Exact: rescaling by e^(m − m_new) puts every key into one softmax, so after the last tile m, l and O are plain attention's",
    // 2 (K and V) x 32 layers x 8 K/V heads x 128 x 8,192 tokens x 2 bytes = 2^30 bytes; the
    // weight has to go somewhere, and <bos> is seen by every row.
    '1 GiB (1,073,741,824 bytes)',
    "Softmax's weights must add up to 1, and the first token is in every row's view and carries nothing that disturbs the output",
  ],
};

// slug -> each predict block's answer: the winning choice's label, or the number.
const PREDICT_HAND_CHECKED = {
  // I love Apple phones, identity projections over the 6 named axes, scaled by sqrt(6):
  // Apple.Apple = 2 * 1.4^2 = 3.92 < Apple.phones = 1.4 * 2.9 = 4.06, so phones wins (0.4171).
  context: 'phones',
  // Apple.(-4, 3) = -8 + 6 = -2; Apple.(-4, 1) = -8 + 2 = -6: down.
  'dot-product': 'down (more negative)',
  // Adding 100 to every score changes no difference: the weight stays 0.9503.
  // Entropy in bits of softmax of each row: A [1, 5, 0, 1] -> (0.0176, 0.9584, 0.0065, 0.0176),
  // 0.31; B [0, 4, 4, 0] -> (0.0090, 0.4910, 0.4910, 0.0090), 1.13; C [0.9, 1, 0.8, 1.2] ->
  // (0.2294, 0.2535, 0.2075, 0.3096), 1.98: row C.
  softmax: ['it stays the same', 'row C: 0.9, 1, 0.8, 1.2'],
  // q(Apple).k(phones) = 16 < q(phones).k(Apple) = 32.
  'query-key-value': 'phones looking at Apple is larger',
  // X / 100: scores (2505.5, 3574) / 10^4 = (0.25055, 0.3574); token 1's weight on token 2 =
  // 1 / (1 + e^(0.25055 - 0.3574)) = 1 / (1 + e^-0.10685) = 0.5267.
  'attention-step-by-step': 0.5267,
  // A shift shared by all features: the normalised row does not move.
  // The block: the output of "the" against LayerNorm of its input, cosine 0.4642 with the
  // residuals and -0.5368 without. Not worked by hand (a whole block): these are the engine's,
  // each stage of which has its own hand-checked test; the sign is what is asserted: down.
  'residual-and-norm': ['it stays the same', 'it goes down'],
  // going = (0.9, 0.3, 0.6), scores / sqrt(3) against I, am, going (and to without the mask):
  // 0.2289 without the mask, 0.3016 with it: up.
  'beyond-one-head': 'it goes up',
  // Token 1 gives (0.3947, 0.6053). Target (0.9, 0.1): dL/ds12 = a1 a2 (g2 - g1) = +0.0505. Target
  // (0.1, 0.9), the block's: c1 - c* = (0.3947 - 0.1) v1 + (0.6053 - 0.9) v2 = 0.2947 (v1 - v2),
  // -0.2947 / 0.5053 = -0.5832 times the first target's, so every gradient of the row, s12's
  // included, is -0.5832 times the first: -0.5832 * 0.0505 = -0.0295, negative, s12 is pushed up.
  'learning-by-hand': 'Negative: the step pushes s₁₂ up',
  // softmax([0,0,4,0,1])[4] = e / (3 + e^4 + e) = 0.0451; with 5 for cars: e / (3 + e^5 + e) = 0.0176.
  training: 'it goes down',
  // Masked, the row of लड़की keeps only छोटी (1/sqrt(6)) and लड़की (2/sqrt(6)): लड़की 0.6007 wins;
  // किताब (0.4564 unmasked) gets 0.
  'encoder-decoder': 'लड़की',
  // Position 5's query matches only position 4's key (6/sqrt(5) = 2.683, weight 14.633 / 18.633 =
  // 0.7853); the last a's query matches only b's key (the letter before b is a): 0.8088.
  'induction-heads': ['position 4', 'b (3rd)'],
  // Scores [2, 1, 0]: the first word's e^2 / (e^2 + e + 1) = 7.3891 / 11.1073 = 0.6652 at T = 1,
  // e^1 / (e^1 + e^0.5 + 1) = 2.7183 / 5.3670 = 0.5065 at T = 2: down.
  'next-word': 'it goes down',
  // RoPE: both moved 5 places, each pair's angle between q and k stays (n - m) theta: no change.
  // Memory, measured (no hand count of malloc's blocks): the plain path holds the 1,024 x 1,024
  // scores and weights, 2n^2 doubles, and six 1,024 x 64 matrices (X, Q, K, V, context, output),
  // 2n^2 + 6nd doubles; the tiled path between three (K, V, the running output) and six n x d
  // matrices. (2n^2 + 6nd) / (6nd) = 6.33 and (2n^2 + 6nd) / (3nd) = 12.67 bound the ratio.
  // Sinusoidal positions, W_Q = diag(2, 1, 1, 1): score(m, n) = cos(m - n) + sin m sin n +
  // cos((m - n) / 100): cos 3 + sin 4 sin 1 + cos 0.03 = -0.9900 - 0.6368 + 0.9996 = -0.6273 at
  // 4 and 1; cos 3 + sin 20 sin 17 + cos 0.03 = -0.9900 - 0.8777 + 0.9996 = -0.8682 at 20 and 17.
  // Shared keys [1, 0], [0, 2]: head 1's query [0, 2] scores [0, 2.83] (weight 1 / (1 + e^2.83) =
  // 0.0558 on token 1); head 2's [2, 0] scores [1.41, 0] (e^1.41 / (e^1.41 + 1) = 0.8044).
  // Plus one: e^-3 / (1 + e^-3) = 0.0498 / 1.0498 = 0.0474.
  'attention-at-scale': ['it stays the same', 'it goes down', { between: [6.33, 12.67] }, "head 2's is larger", 0.0474],
};

const attn = await loadAttention();
const schemas = await loadWidgetSchemas();
const lessons = listLessons(contentDir).map((entry) => compileLesson(entry, schemas));
const close = (got, want, what) => {
  const tol = 5e-5 * Math.max(1, Math.abs(want)); // the tables have 4 decimals
  assert.ok(Math.abs(got - want) <= tol, `${what}: engine ${got}, by hand ${want}`);
};

test('every lesson has exercises, two conceptual questions and a prediction; the tables cover every lesson', () => {
  assert.deepEqual(lessons.map((l) => l.slug).sort(), Object.keys(HAND_CHECKED).sort());
  assert.deepEqual(lessons.map((l) => l.slug).sort(), Object.keys(PREDICT_HAND_CHECKED).sort());
  for (const l of lessons) {
    assert.ok(l.exercises.length >= 1, `${l.slug} has an exercise`);
    assert.ok(l.predictions.length >= 1, `${l.slug} has a predict-then-check block`);
    const conceptual = l.exercises.filter((ex) => ex.choices && ex.call === undefined);
    assert.ok(conceptual.length >= 2, `${l.slug} has two or three conceptual questions`);
  }
});

for (const lesson of lessons) {
  test(`exercises of lesson ${lesson.n} (${lesson.slug}) come out as worked by hand`, () => {
    const hand = HAND_CHECKED[lesson.slug];
    assert.equal(lesson.exercises.length, hand.length, 'one hand-checked answer per exercise');
    lesson.exercises.forEach((ex, i) => {
      const got = expectedAnswer(attn, ex);
      if (ex.choices) {
        assert.equal(ex.choices[got], hand[i], `exercise ${i + 1}: choice`);
      } else {
        close(got, hand[i], `exercise ${i + 1}`);
        assert.ok(ex.tolerance > 0, `exercise ${i + 1} has a positive tolerance`);
      }
    });
  });

  test(`misconceptions of lesson ${lesson.n} (${lesson.slug}) are told apart from the right answer`, () => {
    lesson.exercises.forEach((ex, i) => {
      const want = expectedAnswer(attn, ex);
      if (ex.choices) {
        // Every wrong choice of a conceptual question says why it is wrong; the right one says nothing.
        if (ex.call === undefined) {
          ex.choices.forEach((_, c) =>
            assert.equal(Boolean(ex.choiceFeedback?.[c]), c !== want, `exercise ${i + 1}, choice ${c + 1}`),
          );
        }
        return;
      }
      // The right answer is never taken for a misconception, and each misconception triggers its own text.
      assert.equal(misconceptionFor(attn, ex, want), null, `exercise ${i + 1}: right answer`);
      for (const m of misconceptionValues(attn, ex)) {
        assert.ok(
          Math.abs(m.value - want) > m.tolerance + ex.tolerance,
          `exercise ${i + 1}: misconception ${m.value} overlaps the answer ${want}`,
        );
        assert.equal(misconceptionFor(attn, ex, m.value), m.feedback, `exercise ${i + 1}: ${m.value}`);
      }
    });
  });

  test(`predictions of lesson ${lesson.n} (${lesson.slug}) come out as worked by hand`, () => {
    const hand = [PREDICT_HAND_CHECKED[lesson.slug]].flat();
    assert.equal(lesson.predictions.length, hand.length, 'one hand-checked answer per predict block');
    lesson.predictions.forEach((p, i) => {
      const got = predictAnswer(attn, p);
      if (p.kind === 'number' && hand[i].between) {
        const [lo, hi] = hand[i].between;
        assert.ok(
          got.value >= lo && got.value <= hi,
          `prediction ${i + 1}: engine ${got.value}, by hand ${lo} to ${hi}`,
        );
      } else if (p.kind === 'number') close(got.value, hand[i], `prediction ${i + 1}`);
      else assert.equal(p.choices[got.index], hand[i], `prediction ${i + 1}`);
    });
  });
}

test('misconception feedback: the worked softmax of [8, 2, 5] names the wrong idea', () => {
  const ex = lessons.find((l) => l.slug === 'softmax').exercises[0];
  assert.match(misconceptionFor(attn, ex, 0.84), /not what softmax gives/);
  assert.match(misconceptionFor(attn, ex, 0.5333), /divided by their sum/);
  assert.match(misconceptionFor(attn, ex, 0.0473), /weight of the score 5/); // computed by the engine
  assert.equal(misconceptionFor(attn, ex, 0.7), null); // a wrong answer with no known idea behind it
  const pe = lessons.find((l) => l.slug === 'beyond-one-head').exercises[1];
  assert.match(misconceptionFor(attn, pe, 0.0175), /degrees/);
  const scaled = lessons.find((l) => l.slug === 'attention-step-by-step').exercises[0];
  assert.match(misconceptionFor(attn, scaled, 7148), /√d_k/);
});

test('answers are read as people write them: "1,000,000", "95%", "0.95"', () => {
  assert.deepEqual(parseAnswer('1,000,000'), { ok: true, value: 1e6 });
  assert.deepEqual(parseAnswer(' 95% '), { ok: true, value: 0.95 });
  assert.deepEqual(parseAnswer('0.95'), { ok: true, value: 0.95 });
  assert.deepEqual(parseAnswer('−1068.5'), { ok: true, value: -1068.5 });
  assert.deepEqual(parseAnswer('1 000 000'), { ok: true, value: 1e6 });
  // A comma that is not a thousands separator is not silently dropped (0,95 is not 95).
  assert.equal(parseAnswer('0,95').ok, false);
  assert.equal(parseAnswer('1,00').ok, false);
  for (const bad of ['', 'abc', 'NaN', 'Infinity', '1e308', '%']) assert.equal(parseAnswer(bad).ok, false, bad);
});

test('a prediction is told how close it was', () => {
  const number = { kind: 'number', tolerance: 0.02, check: {} };
  assert.match(verdict(number, 0.51, { value: 0.5267 }).text, /^Spot on/);
  assert.match(verdict(number, 0.45, { value: 0.5267 }).text, /^Close: 14\.56% off/);
  assert.match(verdict(number, 1, { value: 0.5267 }).text, /^Off by 0\.473/);
  const choice = { kind: 'choice', choices: ['a', 'b'], check: {} };
  const picked = verdict(choice, 0, { index: 1, values: [0.394, 0.417] });
  assert.equal(picked.right, false);
  assert.match(picked.text, /“b” gets the most, 0\.417\. Your pick, “a”, gets 0\.394, 0\.023 less/);
  const sign = { kind: 'sign', choices: ['up', 'down', 'same'], check: { label: 'after' }, baseline: {} };
  const moved = verdict(sign, 1, { index: 1, value: -4, before: -2, after: -6 });
  assert.equal(moved.right, true);
  assert.match(moved.text, /before: −2; after: −6 \(a difference of −4\)/);
  // Without a baseline, the sign of the checked number itself (a gradient).
  const gradient = { kind: 'sign', digits: 4, choices: ['positive', 'negative', 'zero'], check: { label: '∂L/∂s₁₂' } };
  const positive = verdict(gradient, 0, { index: 0, value: 0.0505, before: 0, after: 0.0505 });
  assert.equal(positive.right, true);
  assert.equal(positive.text, 'Right: ∂L/∂s₁₂ gives +0.0505.');
});

test('a lesson that closes with "Where to go from here" names the lesson after it', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseFrontMatter } = await import('../../web/plugins/content-plugin.js');
  const list = listLessons(contentDir);
  const missing = [];
  list.forEach((entry, i) => {
    const next = list[i + 1];
    const text = readFileSync(entry.file, 'utf8');
    const at = text.indexOf('\n## Where to go from here');
    if (!next || at < 0) return;
    const end = text.indexOf('\n```', at);
    const section = text.slice(at, end >= 0 ? end : undefined).replace(/\s+/g, ' ');
    const { title } = parseFrontMatter(readFileSync(next.file, 'utf8'), next.file).meta;
    if (!section.includes(`lesson ${next.n}`) || !section.includes(title))
      missing.push(`${entry.slug} -> ${next.slug}`);
  });
  assert.deepEqual(missing, [], 'the closing section names the next lesson by number and title');
});

test('lesson 5 does not blame its saturated example on a missing √d_k: the scores were already divided', () => {
  const text = fs.readFileSync(new URL('../../content/lessons/05-attention-step-by-step.md', import.meta.url), 'utf8');
  const step3 = text.slice(text.indexOf('### Step 3'), text.indexOf('### Step 4'));
  assert.doesNotMatch(step3, /the reason for the \$\\sqrt\{d_k\}\$/, 'the example already divides by √d_k');
  assert.match(step3, /already divided by \$\\sqrt\{d_k\} = 2\$/);
});
