// The numbers lesson 3's prose states about its entropy example, computed by the engine for a
// fence's config (no DOM), as the widget computes them: entropy.<row label> in bits at the
// fence's temperature, and atFloor.<row label> at the slider's lowest temperature (0.1), where
// the prose says how far each row gets towards 0 bits.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
const FLOOR = 0.1; // temperatureSlider's minimum, the widget's state range

function entropyByRow(engine, config, t) {
  const bits = engine.attentionEntropy(config.rows.map((r) => engine.softmax(r.scores, t)));
  return Object.fromEntries(config.rows.map((r, i) => [r.label, bits[i]]));
}

export default function facts(engine, config) {
  return {
    entropy: entropyByRow(engine, config, config.temperature ?? 1),
    atFloor: entropyByRow(engine, config, FLOOR),
  };
}
