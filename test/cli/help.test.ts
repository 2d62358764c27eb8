// Help text is written to be wrapped once, by the help renderer at the terminal's width: each
// paragraph of a description is one line in the source (a hard-wrapped one reads ragged once the
// renderer wraps it again), and the exit codes live in one table, not in each description.
import assert from 'node:assert/strict';
import { COMMANDS } from '../../commands/index.js';

describe('help text', () => {
  for (const [id, command] of Object.entries(COMMANDS)) {
    it(`${id}: a summary, and a description of whole paragraphs that does not repeat it`, () => {
      const { summary, description } = command as { summary?: string; description?: string };
      assert.ok(summary, 'a summary');
      assert.ok(description, 'a description');
      for (const paragraph of description.split('\n\n')) assert.ok(!paragraph.includes('\n'), `hard-wrapped: ${JSON.stringify(paragraph)}`);
      assert.ok(!description.includes(summary), 'the description repeats the summary');
      assert.doesNotMatch(description, /Exit (codes|status)/, 'exit codes belong to the EXIT CODES table');
    });
  }
});
