import { describe, expect, it } from 'vitest';
import { annotationTexts } from './pdf-annotations.js';

describe('annotationTexts', () => {
  it('turns filled fields into `name: value`, choices shown as displayed, each field once', () => {
    const seen = new Set<string>();
    const widget = { subtype: 'Widget' };
    const out = annotationTexts(
      [
        { ...widget, fieldName: 'customer', fieldType: 'Tx', fieldValue: ['ACME  Ltd '] },
        { ...widget, fieldName: 'status', fieldType: 'Tx', fieldValue: ['Off'] },
        { ...widget, fieldName: 'paid', fieldType: 'Btn', checkBox: true, fieldValue: ['Yes'] },
        { ...widget, fieldName: 'shipped', fieldType: 'Btn', checkBox: true, fieldValue: ['Off'] },
        { ...widget, fieldName: 'size', fieldType: 'Btn', radioButton: true, fieldValue: ['L'] },
        { ...widget, fieldName: 'size', fieldType: 'Btn', radioButton: true, fieldValue: ['L'] },
        {
          ...widget,
          fieldName: 'colours',
          fieldType: 'Ch',
          fieldValue: ['r', 'b'],
          options: [
            { exportValue: 'r', displayValue: 'Red' },
            { exportValue: 'b', displayValue: 'Blue' },
          ],
        },
        { ...widget, fieldName: 'submit', fieldType: 'Btn', pushButton: true, fieldValue: ['Go'] },
        { ...widget, fieldName: 'signature', fieldType: 'Sig' },
        { ...widget, fieldName: 'blank', fieldType: 'Tx', fieldValue: [''] },
      ],
      seen,
    );
    expect(out).toEqual([
      { kind: 'field', text: 'customer: ACME  Ltd' },
      { kind: 'field', text: 'status: Off' },
      { kind: 'field', text: 'paid: Yes' },
      { kind: 'field', text: 'size: L' },
      { kind: 'field', text: 'colours: Red, Blue' },
    ]);
    // The same field on a later page is not repeated.
    expect(
      annotationTexts([{ ...widget, fieldName: 'customer', fieldType: 'Tx', fieldValue: ['ACME'] }], seen),
    ).toEqual([]);
  });

  it('keeps comment contents once, skipping popups of notes on the same page and empty links', () => {
    const out = annotationTexts(
      [
        { id: '1R', subtype: 'Text', contents: 'Please check' },
        { id: '2R', subtype: 'Popup', parentId: '1R', contents: 'Please check' },
        { id: '3R', subtype: 'Popup', parentId: '99R', contents: 'Orphan popup note' },
        { id: '4R', subtype: 'Highlight', contents: 'Please check' },
        { id: '5R', subtype: 'FreeText', contents: ' Typed on the page ' },
        { id: '6R', subtype: 'Link' },
      ],
      new Set(),
    );
    expect(out).toEqual([
      { kind: 'comment', text: 'Please check' },
      { kind: 'comment', text: 'Orphan popup note' },
      { kind: 'comment', text: 'Typed on the page' },
    ]);
  });
});
