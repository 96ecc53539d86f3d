import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { MarkdownExtractor } from './markdown.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function extract(source: string) {
  const path = join(root, 'doc.md');
  await writeFile(path, source);
  return new MarkdownExtractor().extract(await extractionInput(path, root));
}

const DOC = `---
title: "Field Guide"
author: Ada
tags: [birds, field]
---
# Birds of the *North*

Intro with **bold**, a [link](https://example.com) and \`code\`.

## Waders

### Long-legged

- Heron
- Stork
  - White stork
  - Black stork
1. first
2. second

| Name | Wingspan |
| ---- | -------- |
| Heron | 1.9 m |
| Stork, white | 2.2 m |

\`\`\`js
const bird = 'heron';
\`\`\`

> Quoted line
> continues here.

<div>Raw <b>html</b></div>

---
`;

describe('MarkdownExtractor', () => {
  it('keeps heading levels, lists, tables, code and quotes as plain-content blocks', async () => {
    const out = await extract(DOC);
    expect(expectConsistentOffsets(out)).toEqual([
      'Birds of the North',
      'Intro with bold, a link and code.',
      'Waders',
      'Long-legged',
      '- Heron\n- Stork\n  - White stork\n  - Black stork',
      '1. first\n2. second',
      'Name\tWingspan\nHeron\t1.9 m\nStork, white\t2.2 m',
      "const bird = 'heron';",
      'Quoted line\ncontinues here.',
      'Raw html',
    ]);
    expect(out.blocks.map((b) => [b.kind, b.level])).toEqual([
      ['heading', 1],
      ['paragraph', undefined],
      ['heading', 2],
      ['heading', 3],
      ['list', undefined],
      ['list', undefined],
      ['table', undefined],
      ['code', undefined],
      ['quote', undefined],
      ['paragraph', undefined],
    ]);
    expect(out.metadata).toMatchObject({ title: 'Field Guide', author: 'Ada', keywords: ['birds', 'field'] });
  });

  it('takes the first level-1 heading as the title without front matter', async () => {
    const out = await extract('Text before.\n\n# Main title\n\n# Second\n');
    expect(out.metadata.title).toBe('Main title');
    expect(expectConsistentOffsets(out)).toEqual(['Text before.', 'Main title', 'Second']);
  });

  it('reads setext headings and multi-paragraph list items', async () => {
    const out = await extract('Title\n=====\n\n- one\n\n  more about one\n- two\n');
    expect(expectConsistentOffsets(out)).toEqual(['Title', '- one\n  more about one\n- two']);
    expect(out.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
  });
});

describe('MarkdownExtractor on pathological nesting', () => {
  // Before the input was bounded: 100,000 `>` took 72 s and overflowed the stack; 100,000 `*` around a word
  // ran for more than five minutes.
  it.each([
    ['a line of 100,000 block-quote markers', `${'>'.repeat(100_000)} deep`, 'deep'],
    ['100,000 emphasis markers around a word', `${'*'.repeat(100_000)}word${'*'.repeat(100_000)}`, 'word'],
    [
      '3,000 nested list levels',
      Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i * 2)}- item${i}`).join('\n'),
      'item2999',
    ],
  ])('extracts %s with its words', async (_, markdown, word) => {
    const result = await extract(markdown);
    expect(result.text).toContain(word);
  });
});
