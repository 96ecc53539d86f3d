/** One annotation of a page as the pdf.js worker passes it on (pdf-reader.worker.mjs `compactAnnotations`). */
export interface PdfAnnotation {
  id?: string;
  /** The PDF subtype: `Text`, `FreeText`, `Popup`, `Highlight`, `Link`, `Widget`, … */
  subtype: string;
  /** The annotation's text (a note's body, a FreeText's content). */
  contents?: string;
  /** A popup's parent annotation, whose contents it shows. */
  parentId?: string;
  /** Form fields (Widget): fully qualified name, type (`Tx`, `Btn`, `Ch`, `Sig`) and value(s). */
  fieldName?: string;
  fieldType?: string;
  fieldValue?: string[];
  checkBox?: boolean;
  radioButton?: boolean;
  pushButton?: boolean;
  /** Choice fields: export value → what the reader sees. */
  options?: { exportValue: string; displayValue: string }[];
}

/** Text of a page's annotations, in the kinds a TextBuilder block takes. */
export interface AnnotationText {
  kind: 'comment' | 'field';
  text: string;
}

/** The value of an unchecked box or unset radio group (button fields only: a text field may say "Off"). */
const OFF = /^off$/iu;

/**
 * Turns a page's annotations into text: the contents of comments (notes, free text, markup, popups whose note
 * is not on the page) become `comment`s, and filled form fields become `field`s reading `name: value` — text
 * fields, checked boxes, the chosen radio button and the selected items of choice fields, shown as the reader
 * sees them. `seenFields` spans the document: a field with several widgets (a radio group, a field repeated
 * on each page) is reported once. Link targets, push buttons, signatures and empty fields give nothing.
 */
export function annotationTexts(annotations: PdfAnnotation[], seenFields: Set<string>): AnnotationText[] {
  const out: AnnotationText[] = [];
  const ids = new Set(annotations.map((a) => a.id).filter((id) => id !== undefined));
  const comments = new Set<string>();
  for (const a of annotations) {
    if (a.subtype === 'Widget') {
      const field = fieldText(a);
      if (field !== null && !seenFields.has(a.fieldName!)) {
        seenFields.add(a.fieldName!);
        out.push({ kind: 'field', text: field });
      }
      continue;
    }
    // A popup repeats the contents of its parent note; it has text of its own only when the parent is elsewhere.
    if (a.subtype === 'Popup' && a.parentId !== undefined && ids.has(a.parentId)) continue;
    const text = a.contents?.trim();
    if (!text || comments.has(text)) continue;
    comments.add(text);
    out.push({ kind: 'comment', text });
  }
  return out;
}

function fieldText(a: PdfAnnotation): string | null {
  if (!a.fieldName || a.pushButton || a.fieldType === 'Sig') return null;
  const values = (a.fieldValue ?? [])
    .map((v) => v.trim())
    .filter((v) => v !== '' && !(a.fieldType === 'Btn' && OFF.test(v)));
  if (values.length === 0) return null;
  const shown = values.map((v) => a.options?.find((o) => o.exportValue === v)?.displayValue || v);
  return `${a.fieldName}: ${shown.join(', ')}`;
}
