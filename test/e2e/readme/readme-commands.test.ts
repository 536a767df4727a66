import { describe, expect, it } from 'vitest';
import { readmeCommands } from './readme-commands.js';

describe('readmeCommands', () => {
  it('reads commands line by line, joins an open quote and skips marked blocks with their reason', () => {
    const markdown = [
      '```sh',
      'npx tickscope start --db :memory:   # a comment',
      "curl -s -X POST localhost:8000/x -d '{",
      '  "a": 1}\'',
      '```',
      '<!-- readme-test: skip — needs the real exchange -->',
      '',
      '```sh',
      'npx tickscope record',
      '```',
      '```json',
      '{ "not": "shell" }',
      '```',
      '```sh',
      `node -e "console.log('it''s')"`,
      '```',
    ].join('\n');
    expect(readmeCommands(markdown)).toEqual({
      commands: [
        { line: 2, text: 'npx tickscope start --db :memory:   # a comment' },
        { line: 3, text: 'curl -s -X POST localhost:8000/x -d \'{\n  "a": 1}\'' },
        { line: 15, text: `node -e "console.log('it''s')"` },
      ],
      skipped: [{ line: 8, reason: 'needs the real exchange' }],
    });
  });
});
