// The dot-product widget's config, as a lesson fence gives it (checked at build time and at mount).
import { declareConfig, param } from '../state/params.js';
import { namesIn } from '../state/config-checks.js';

export const LIMIT = 20;
export const vector2 = param.vector({ minLength: 2, maxLength: 2, min: -LIMIT, max: LIMIT });

export default declareConfig(
  {
    axes: param.list(param.text({ maxLength: 20 }), { minLength: 2, maxLength: 2 }),
    vectors: param.required(param.record(vector2, { minKeys: 2, maxKeys: 12 })),
    a: param.text({ maxLength: 40 }), // the word of vector a (default: the first of vectors)
    b: param.text({ maxLength: 40 }),
    hide: param.hide(['words', 'numbers', 'products']),
  },
  {
    check: (c) => namesIn(c, 'vectors', ['a', 'b']),
  },
);
