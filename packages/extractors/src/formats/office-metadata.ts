import type { ExtractedMetadata } from '@sift/core';
import { element, elements, parseXml, path, textContent, type XmlNode } from './xml-tree.js';
import type { ZipParts } from './zip-parts.js';

/** Reads `docProps/core.xml` (and the page/slide count from `docProps/app.xml`) of an OOXML package. */
export async function readOoxmlMetadata(zip: ZipParts): Promise<ExtractedMetadata> {
  const meta: ExtractedMetadata = {};
  const coreXml = await zip.readText('docProps/core.xml');
  if (coreXml) {
    const core = path(parseXml(coreXml, 'docProps/core.xml'), 'cp:coreProperties');
    setText(meta, 'title', core, 'dc:title');
    setText(meta, 'author', core, 'dc:creator');
    setText(meta, 'subject', core, 'dc:subject');
    setText(meta, 'description', core, 'dc:description');
    setText(meta, 'lastModifiedBy', core, 'cp:lastModifiedBy');
    setDate(meta, 'createdAt', text(core, 'dcterms:created'));
    setDate(meta, 'modifiedAt', text(core, 'dcterms:modified'));
    setLanguage(meta, text(core, 'dc:language'));
    const keywords = splitKeywords(text(core, 'cp:keywords'));
    if (keywords.length > 0) meta.keywords = keywords;
  }
  const appXml = await zip.readText('docProps/app.xml');
  if (appXml) {
    const app = path(parseXml(appXml, 'docProps/app.xml'), 'Properties');
    const count = Number(text(app, 'Pages') || text(app, 'Slides'));
    if (Number.isInteger(count) && count > 0) meta.pageCount = count;
  }
  return meta;
}

/** Reads `meta.xml` of an OpenDocument package. */
export async function readOdfMetadata(zip: ZipParts): Promise<ExtractedMetadata> {
  const meta: ExtractedMetadata = {};
  const xml = await zip.readText('meta.xml');
  if (!xml) return meta;
  const m = path(parseXml(xml, 'meta.xml'), 'office:document-meta', 'office:meta');
  setText(meta, 'title', m, 'dc:title');
  setText(meta, 'subject', m, 'dc:subject');
  setText(meta, 'description', m, 'dc:description');
  const author = text(m, 'meta:initial-creator') || text(m, 'dc:creator');
  if (author) meta.author = author;
  setDate(meta, 'createdAt', text(m, 'meta:creation-date'));
  setDate(meta, 'modifiedAt', text(m, 'dc:date'));
  setLanguage(meta, text(m, 'dc:language'));
  const keywords = elements(m, 'meta:keyword').flatMap((k) => splitKeywords(textContent(k)));
  if (keywords.length > 0) meta.keywords = keywords;
  const stats = element(m, 'meta:document-statistic')?.attrs ?? {};
  const count = Number(stats['meta:page-count']);
  if (Number.isInteger(count) && count > 0) meta.pageCount = count;
  return meta;
}

function text(node: XmlNode | undefined, name: string): string {
  return textContent(element(node, name)).trim();
}

function setText(meta: ExtractedMetadata, key: string, node: XmlNode | undefined, name: string): void {
  const value = text(node, name);
  if (value) meta[key] = value;
}

/**
 * Keeps a date only when it parses, normalised to ISO 8601 (UTC). ODF writes nanoseconds and often no zone;
 * fractions are cut to milliseconds and a missing zone is read as UTC so the result does not depend on the
 * server's time zone.
 */
function setDate(meta: ExtractedMetadata, key: 'createdAt' | 'modifiedAt', value: string): void {
  if (!value) return;
  const iso = value.replace(/(\.\d{3})\d+/u, '$1');
  const zoned = /T[\d:.]+$/u.test(iso) ? `${iso}Z` : iso;
  const d = new Date(zoned);
  if (!Number.isNaN(d.getTime())) meta[key] = d.toISOString();
}

function setLanguage(meta: ExtractedMetadata, value: string): void {
  const code = /^([a-z]{2})(?:[-_]|$)/iu.exec(value)?.[1];
  if (code) meta.language = code.toLowerCase();
}

function splitKeywords(value: string): string[] {
  return value
    .split(/[,;]/u)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}
