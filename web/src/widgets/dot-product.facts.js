// The numbers lesson 2's prose states about its example, computed by the engine for a fence's
// config (no DOM): for every pair of the fence's words, dot.<a>.<b>, cosine.<a>.<b> and
// angle.<a>.<b> (degrees), from engine.similarity as the widget shows them.
// tests/node/claims.test.mjs checks the fence's "claims" against these.
export default function facts(engine, config) {
  const names = Object.keys(config.vectors);
  const table = (pick) =>
    Object.fromEntries(
      names.map((a) => [
        a,
        Object.fromEntries(names.map((b) => [b, pick(engine.similarity(config.vectors[a], config.vectors[b]))])),
      ]),
    );
  return { dot: table((s) => s.dot), cosine: table((s) => s.cosine), angle: table((s) => s.angleDegrees) };
}
