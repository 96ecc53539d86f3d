import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryVersion } from './library-version.js';

function installed(name: string): string {
  const url = new URL(`../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

describe('libraryVersion', () => {
  it('reads the version from a package that exposes its package.json', () => {
    expect(libraryVersion('pdfjs-dist')).toBe(installed('pdfjs-dist'));
  });

  it('finds the version of a package whose exports map hides package.json', () => {
    expect(libraryVersion('fast-xml-parser')).toBe(installed('fast-xml-parser'));
  });
});
