import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppError } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectConsistentOffsets } from '../testing/expect-consistent-offsets.js';
import { extractionInput, makeTempDir, removeTempDir } from '../testing/extraction-input.js';
import { JsonExtractor } from './json.extractor.js';

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeTempDir(root);
});

async function extract(content: string) {
  const path = join(root, 'data.json');
  await writeFile(path, content);
  return new JsonExtractor().extract(await extractionInput(path, root));
}

describe('JsonExtractor', () => {
  it('flattens nested objects into path: value lines, one block per top-level key', async () => {
    const out = await extract(
      JSON.stringify({
        name: 'Sift',
        owner: { login: 'ada', 'e-mail': 'ada@example.com', 'display name': 'Ada L.' },
        tags: ['search', { kind: 'rag', weight: 0.5 }],
        empty: {},
        none: null,
        note: 'line one\nline two',
      }),
    );
    expect(expectConsistentOffsets(out)).toEqual([
      'name: Sift',
      'owner.login: ada\nowner.e-mail: ada@example.com\nowner["display name"]: Ada L.',
      'tags[0]: search\ntags[1].kind: rag\ntags[1].weight: 0.5',
      'empty: {}',
      'none: null',
      'note: line one line two',
    ]);
    expect(out.metadata.jsonType).toBe('object');
  });

  it('packs a top-level array of records into blocks of about 50 lines', async () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ id: i, title: `Record ${i}` }));
    const out = await extract(JSON.stringify(records));
    const blocks = expectConsistentOffsets(out);
    expect(blocks.map((b) => b.split('\n').length)).toEqual([50, 10]);
    expect(blocks[1]!.split('\n')[0]).toBe('[25].id: 25');
    expect(out.metadata.jsonType).toBe('array');
  });

  it('reads a scalar document', async () => {
    const out = await extract('"just a string"');
    expect(expectConsistentOffsets(out)).toEqual(['just a string']);
  });

  it('reports invalid JSON as DOCUMENT_CORRUPT', async () => {
    const err = (await extract('{"a": 1,}').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('DOCUMENT_CORRUPT');
    expect(err.retryable).toBe(false);
  });

  it('reads concatenated JSON and JSON Lines value by value, like the elements of an array', async () => {
    const out = await extract('{"id": "a", "n": 1}\n{"id": "b {"}\n[true]\n"x"\n');
    expect(expectConsistentOffsets(out)).toEqual(['[0].id: a\n[0].n: 1\n[1].id: b {\n[2][0]: true\n[3]: x']);
    expect(out.metadata).toMatchObject({ jsonType: 'sequence', valueCount: 4 });
  });

  it('reports which value of a sequence is damaged', async () => {
    const err = (await extract('{"a": 1}\n{"b": }\n').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('DOCUMENT_CORRUPT');
    expect(err.message).toContain('value 2');
  });
});
