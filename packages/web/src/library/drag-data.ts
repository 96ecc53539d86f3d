import type { DragEvent } from 'react';

/**
 * What a drag inside the library carries: a document row or a folder, by id. Own MIME types keep these
 * apart from files dragged in from the desktop (which go to the upload drop zone, not the folder tree).
 */
const DOCUMENT_TYPE = 'application/x-sift-document';
const FOLDER_TYPE = 'application/x-sift-folder';

export type DragItem = { kind: 'document'; id: string } | { kind: 'folder'; id: string };

export function startDrag(event: DragEvent, item: DragItem, label: string): void {
  event.dataTransfer.setData(item.kind === 'document' ? DOCUMENT_TYPE : FOLDER_TYPE, item.id);
  event.dataTransfer.setData('text/plain', label);
  event.dataTransfer.effectAllowed = 'move';
}

/** Whether a drag over a folder is ours (the ids themselves are only readable on drop). */
export function isLibraryDrag(event: DragEvent): boolean {
  const types = event.dataTransfer.types;
  return types.includes(DOCUMENT_TYPE) || types.includes(FOLDER_TYPE);
}

export function readDrag(event: DragEvent): DragItem | null {
  const doc = event.dataTransfer.getData(DOCUMENT_TYPE);
  if (doc) return { kind: 'document', id: doc };
  const folder = event.dataTransfer.getData(FOLDER_TYPE);
  if (folder) return { kind: 'folder', id: folder };
  return null;
}
