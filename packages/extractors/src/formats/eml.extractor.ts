import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbeddedFile, ExtractedMetadata, ExtractedText, ExtractionInput } from '@sift/core';
import { simpleParser, type AddressObject, type Attachment } from 'mailparser';
import type { FormatExtractor } from '../format-extractor.js';
import { libraryVersion } from '@sift/tools';
import { extensionForContentType } from '../supported-types.js';
import { TextBuilder } from '../text-builder.js';
import { addMailBodies } from './eml-bodies.js';

type Mailbox = AddressObject['value'][number];

function mailbox(m: Mailbox): string[] {
  if (m.group) return m.group.flatMap(mailbox);
  if (m.name && m.address) return [`${m.name} <${m.address}>`];
  return [m.address || m.name].filter((s) => s !== '');
}

/** `Name <address>, address` without the quotes mailparser's `text` puts around names. */
function addresses(value: AddressObject | AddressObject[] | undefined): string | undefined {
  if (!value) return undefined;
  const text = (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.flatMap(mailbox)).join(', ');
  return text === '' ? undefined : text;
}

/**
 * A file name for an attachment with no path in it: the last segment of what the sender wrote, control and
 * reserved characters replaced; `attachment-N.<ext>` when there is none. Repeated names get ` (2)`, ` (3)`.
 */
export function attachmentName(
  attachment: Pick<Attachment, 'filename' | 'contentType'>,
  index: number,
  taken: Set<string>,
): string {
  const last = (attachment.filename ?? '').split(/[\\/]/u).pop() ?? '';
  let name = last
    // eslint-disable-next-line no-control-regex -- control characters are what is being removed
    .replace(/[\u0000-\u001f<>:"|?*]/gu, '_')
    .trim()
    .replace(/^\.+/u, '')
    .slice(-200);
  if (name === '') name = `attachment-${index}.${extensionForContentType(attachment.contentType) ?? 'bin'}`;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let unique = name;
  for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${stem} (${n})${ext}`;
  taken.add(unique.toLowerCase());
  return unique;
}

/**
 * A part that only serves the HTML body: an inline image referenced by Content-ID in multipart/related, or a
 * resource of a saved web page (MHTML: style sheets, scripts, images named by Content-Location, no file name).
 */
function isBodyResource(attachment: Attachment): boolean {
  return attachment.related === true || (!attachment.filename && attachment.headers.has('content-location'));
}

/**
 * E-mail (RFC 822 / MIME) through mailparser: the subject as a heading, a block of the From/To/Cc/Date
 * headers, then the body — plain text and HTML both when they differ, one of them when they are alternatives
 * of the same content (see addMailBodies). Every other part (named attachments, PDFs or Office files inlined
 * in multipart/mixed without a name, forwarded message/rfc822 mails) is written under workDir and returned as
 * an embedded file, to become a child document; parts that only serve the HTML body and empty parts are left
 * out. mailparser decodes RFC 2047 words and part charsets.
 */
export class EmlExtractor implements FormatExtractor {
  readonly extensions = ['eml'] as const;

  async extract(input: ExtractionInput): Promise<ExtractedText> {
    const mail = await simpleParser(await readFile(input.path), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    const from = addresses(mail.from);
    const to = addresses(mail.to);
    const cc = addresses(mail.cc);
    const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;

    const builder = new TextBuilder();
    if (mail.subject) builder.add('heading', mail.subject, { level: 1 });
    const header = [
      from && `From: ${from}`,
      to && `To: ${to}`,
      cc && `Cc: ${cc}`,
      date && `Date: ${date}`,
    ].filter(Boolean);
    builder.add('paragraph', header.join('\n'));
    const htmlMetadata: ExtractedMetadata = addMailBodies(builder, mail.text, mail.html);

    const warnings: string[] = [];
    const embedded: EmbeddedFile[] = [];
    const resources = mail.attachments.filter(isBodyResource);
    const empty = mail.attachments.filter((a) => !isBodyResource(a) && a.content.length === 0);
    const files = mail.attachments.filter((a) => !isBodyResource(a) && a.content.length > 0);
    if (files.length > 0) {
      const dir = await mkdtemp(join(input.workDir, 'attachments-'));
      const taken = new Set<string>();
      for (const [i, attachment] of files.entries()) {
        input.signal.throwIfAborted();
        const name = attachmentName(attachment, i + 1, taken);
        const path = join(dir, `${String(i + 1).padStart(4, '0')}-${name}`);
        await writeFile(path, attachment.content);
        embedded.push({ name, path, size: attachment.content.length, contentType: attachment.contentType });
      }
    }
    if (resources.length > 0)
      warnings.push(`Left out ${resources.length} inline part(s) referenced from the HTML body`);
    for (const part of empty)
      warnings.push(`Left out the empty attachment ${part.filename ?? part.contentType}`);

    const metadata: ExtractedMetadata = {
      ...(htmlMetadata.language ? { language: htmlMetadata.language } : {}),
      ...(mail.subject ? { title: mail.subject, subject: mail.subject } : {}),
      ...(from ? { author: from } : {}),
      ...(date ? { createdAt: date } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(to ? { to } : {}),
      ...(cc ? { cc } : {}),
      attachmentCount: embedded.length,
    };
    return builder.build({
      metadata,
      extractor: { name: 'mailparser', version: libraryVersion('mailparser') },
      embedded,
      warnings,
    });
  }
}
