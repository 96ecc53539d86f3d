import { SaxesParser } from 'saxes';
import { AppError } from '@sift/core';

/** Callbacks of a streamed XML part; element names as written (prefixes kept), entities decoded. */
export interface XmlStreamHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Parses an XML part from a byte stream with a SAX parser and yields what the handlers emit, chunk by chunk, so
 * a worksheet of hundreds of megabytes is never held whole — neither as a string nor as a tree. Leaving the
 * loop early destroys the source. Malformed XML is `DOCUMENT_CORRUPT` (user, permanent) naming `part`.
 */
export async function* streamXml<T>(
  source: NodeJS.ReadableStream,
  part: string,
  handlers: (emit: (item: T) => void) => XmlStreamHandlers,
): AsyncGenerator<T> {
  const queue: T[] = [];
  const h = handlers((item) => queue.push(item));
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => h.open?.(tag.name, tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => h.close?.(tag.name));
  parser.on('text', (t) => h.text?.(t));
  parser.on('cdata', (t) => h.text?.(t));
  // Decodes UTF-8 across chunk boundaries and drops a leading BOM.
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of source) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      yield* queue.splice(0);
    }
    parser.write(decoder.decode());
    parser.close();
    yield* queue.splice(0);
  } catch (err) {
    // Malformed XML (from saxes) or a part that cannot be inflated (from the zip stream).
    if (err instanceof AppError) throw err;
    throw new AppError('DOCUMENT_CORRUPT', 'user', `Malformed XML in ${part}`, {
      details: { part },
      retryable: false,
      cause: err,
    });
  } finally {
    (source as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}
