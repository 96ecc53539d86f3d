import { element, elements, type XmlNode } from './xml-tree.js';

/**
 * The branch of an `mc:AlternateContent` to read: its first `mc:Choice` (Word and PowerPoint write the modern
 * DrawingML form there, which is read here), else the `mc:Fallback` (the VML or plain form of the same
 * content). Reading only one branch keeps a text box from being extracted twice.
 */
export function ooxmlBranch(alternate: XmlNode): XmlNode | undefined {
  const choice = element(alternate, 'mc:Choice');
  if (choice && elements(choice).length > 0) return choice;
  return element(alternate, 'mc:Fallback') ?? choice;
}
