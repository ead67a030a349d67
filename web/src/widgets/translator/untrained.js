// What the "before training" cross-attention map shows, in words, for the note under it.

/**
 * Why the untrained map's rows are not the translation's words: its rows are the words the
 * untrained model wrote itself, greedily, which need not be the translation or as many.
 */
export function untrainedRows({ output, reference }) {
  if (output.join(' ') === reference.join(' ')) return '';
  const n = (k) => `${k} word${k === 1 ? '' : 's'}`;
  const count =
    output.length === reference.length
      ? `${n(output.length)}, as many as the translation has`
      : `${n(output.length)} where the translation has ${reference.length}`;
  return `Its rows are the words the untrained model writes itself (${count}), not the translation: with random weights it writes the wrong words, so only the spread of each row means anything here.`;
}
