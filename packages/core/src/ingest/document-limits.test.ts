import { describe, expect, it } from 'vitest';
import {
  checkUserMetadata,
  MAX_TAG_LENGTH,
  MAX_TAGS_PER_DOCUMENT,
  MAX_USER_METADATA_BYTES,
  MAX_USER_METADATA_DEPTH,
  normaliseTags,
} from './document-limits.js';

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i += 1) value = { inner: value };
  return value;
}

describe('normaliseTags', () => {
  it('trims, lower-cases and drops empty and repeated tags, keeping first-seen order', () => {
    expect(normaliseTags([' Docs', 'howto', 'DOCS', '  ', 'Zeta'])).toEqual(['docs', 'howto', 'zeta']);
  });

  it(`accepts ${MAX_TAGS_PER_DOCUMENT} distinct tags and counts repeats once`, () => {
    const tags = Array.from({ length: MAX_TAGS_PER_DOCUMENT }, (_, i) => `t${i}`);
    expect(normaliseTags([...tags, ...tags.map((t) => t.toUpperCase())])).toHaveLength(MAX_TAGS_PER_DOCUMENT);
  });

  it('refuses one tag too many with TAGS_TOO_MANY, naming the limit and the count', () => {
    const tags = Array.from({ length: 100_000 }, (_, i) => `t${i}`);
    expect(() => normaliseTags(tags)).toThrow(
      expect.objectContaining({
        code: 'TAGS_TOO_MANY',
        category: 'user',
        details: { limit: MAX_TAGS_PER_DOCUMENT, count: 100_000 },
      }),
    );
  });

  it('refuses a tag that is too long instead of dropping it silently', () => {
    expect(normaliseTags(['é'.repeat(MAX_TAG_LENGTH)])).toEqual(['é'.repeat(MAX_TAG_LENGTH)]);
    expect(() => normaliseTags(['ok', 'x'.repeat(MAX_TAG_LENGTH + 1)])).toThrow(
      expect.objectContaining({
        code: 'TAG_TOO_LONG',
        category: 'user',
        details: expect.objectContaining({ limit: MAX_TAG_LENGTH, length: MAX_TAG_LENGTH + 1 }),
      }),
    );
  });
});

describe('checkUserMetadata', () => {
  it(`accepts metadata nested ${MAX_USER_METADATA_DEPTH} levels and refuses one level more`, () => {
    expect(() => checkUserMetadata(nested(MAX_USER_METADATA_DEPTH))).not.toThrow();
    expect(() => checkUserMetadata({ list: [[[[[[[[['deep']]]]]]]]] })).not.toThrow();
    expect(() => checkUserMetadata(nested(MAX_USER_METADATA_DEPTH + 1))).toThrow(
      expect.objectContaining({ code: 'METADATA_TOO_DEEP', category: 'user' }),
    );
    expect(() => checkUserMetadata({ list: [[[[[[[[[['deep']]]]]]]]]] })).toThrow(
      expect.objectContaining({ code: 'METADATA_TOO_DEEP' }),
    );
  });

  it('refuses a nesting far beyond any stack without overflowing', () => {
    expect(() => checkUserMetadata(nested(100_000))).toThrow(
      expect.objectContaining({ code: 'METADATA_TOO_DEEP' }),
    );
  });

  it('measures the size as UTF-8 JSON and refuses more than the limit with METADATA_TOO_LARGE', () => {
    // {"note":"…"} is 11 bytes of JSON around the value.
    const fits = { note: 'a'.repeat(MAX_USER_METADATA_BYTES - 11) };
    expect(() => checkUserMetadata(fits)).not.toThrow();
    expect(() => checkUserMetadata({ note: 'é'.repeat(MAX_USER_METADATA_BYTES / 2) })).toThrow(
      expect.objectContaining({
        code: 'METADATA_TOO_LARGE',
        category: 'user',
        details: { limit: MAX_USER_METADATA_BYTES, bytes: MAX_USER_METADATA_BYTES + 11 },
      }),
    );
  });
});
