import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPE_FAMILIES } from '../ports/analytics-repository.port.js';
import { documentTypeFamily } from './type-family.js';

describe('documentTypeFamily', () => {
  it.each([
    ['application/pdf', 'document', 'pdf'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document', 'word'],
    ['application/vnd.oasis.opendocument.spreadsheet', 'document', 'spreadsheet'],
    ['text/csv', 'document', 'spreadsheet'],
    ['application/vnd.ms-powerpoint', 'document', 'presentation'],
    ['text/html; charset=utf-8', 'document', 'html'],
    ['message/rfc822', 'document', 'email'],
    ['text/markdown', 'document', 'text'],
    ['text/x-unknown-dialect', 'document', 'text'],
    ['application/json', 'document', 'text'],
    ['image/png', 'image', 'image'],
    ['audio/mpeg', 'audio', 'audio'],
    ['application/zip', 'archive', 'archive'],
    ['application/octet-stream', 'document', 'other'],
  ] as const)('puts %s (%s) in %s', (contentType, category, family) => {
    expect(documentTypeFamily(contentType, category)).toBe(family);
  });

  it('never leaves the bounded set', () => {
    for (const type of ['', 'x', 'APPLICATION/PDF', 'text/', 'video/mp4'])
      expect(DOCUMENT_TYPE_FAMILIES).toContain(documentTypeFamily(type, 'document'));
  });
});
