// Whether a model method's JS result has the shape its C++ declaration gives (attn.models):
// null when it has, else where it differs. Used by the generated-files test and the fuzzer, so
// every declared method of every model is held to its declaration with no code of its own.

/** null, or a message naming the path where `value` is not what `field` declares. */
export function mismatch(field, value, path) {
  const rank = field.kind === 'tensor' ? field.dims.split(' x ').length : 0;
  const kinds = {
    number: () => typeof value === 'number',
    boolean: () => typeof value === 'boolean',
    text: () => typeof value === 'string',
    texts: () => Array.isArray(value) && value.every((v) => typeof v === 'string'),
    numbers: () => Array.isArray(value) && value.every((v) => typeof v === 'number'),
    tensor: () => {
      // Every level an array, down to numbers at the declared depth (an empty level ends it).
      const ok = (level, depth) =>
        depth === rank ? typeof level === 'number' : Array.isArray(level) && level.every((item) => ok(item, depth + 1));
      return ok(value, 0);
    },
    record: () => value !== null && typeof value === 'object' && !Array.isArray(value),
    records: () => Array.isArray(value),
  };
  if (!kinds[field.kind]?.()) return `${path} is not ${field.kind}${rank ? ` of rank ${rank}` : ''}`;
  if (field.kind === 'record') {
    const extra = Object.keys(value).filter((k) => !field.fields.some((f) => f.key === k));
    if (extra.length) return `${path} has undeclared fields ${extra.join(', ')}`;
    for (const f of field.fields) {
      const m = mismatch(f, value[f.key], `${path}.${f.key}`);
      if (m) return m;
    }
  }
  if (field.kind === 'records') {
    for (const [i, v] of value.entries()) {
      const m = mismatch({ kind: 'record', fields: field.fields }, v, `${path}[${i}]`);
      if (m) return m;
    }
  }
  return null;
}
