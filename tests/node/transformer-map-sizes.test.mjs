// The transformer map's "this site's translator" sizes (content/transformer-map.json) must be the
// translator's own defaults, so the shapes the map shows are the ones the translator lesson runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadAttention } from '../../wasm/js/node.js';
import { loadTransformerMap } from '../../web/plugins/content-plugin.js';

const map = loadTransformerMap(fileURLToPath(new URL('../../content', import.meta.url)));
const attn = await loadAttention();

test(
  "the map's translator sizes equal createTranslator()'s defaults",
  {
    skip:
      typeof attn.createTranslator === 'function'
        ? false
        : 'createTranslator is not in this build yet: it arrives with the branch h-seq2seq',
  },
  () => {
    const t = attn.createTranslator();
    try {
      const { layers, heads, width } = t.options();
      const vocabulary = t.vocabulary();
      const sizes = map.presets.find((p) => p.translator).sizes;
      assert.deepEqual(sizes, {
        d_model: width,
        h: heads,
        d_k: width / heads,
        d_ff: 2 * width, // the translator's feed-forward is twice the model's width
        N: layers,
        V_src: vocabulary.english.length,
        V_tgt: vocabulary.hindi.length + 2, // and the decoder's <bos> and <eos>
      });
    } finally {
      t.dispose();
    }
  },
);
