import type { Access } from '../auth/access.js';
import type { SiftEvent } from '../ports/event-bus.port.js';

/**
 * Whether `access` may learn of `event`, by the same rules as reading the thing it is about: a document's
 * events go to those who may read the document, a task's to those who see the task in `GET /tasks` (its owner
 * and unrestricted admins; never a collection-restricted key), a source's to its owner while it reaches the
 * source's collection. A vector-space switch names no one's data: every signed-in principal sees it. Backups
 * concern admins; a notification its recipient only.
 */
export function canSeeEvent(access: Access, event: SiftEvent): boolean {
  switch (event.type) {
    case 'task.created':
    case 'task.started':
    case 'task.succeeded':
    case 'task.retrying':
    case 'task.failed':
    case 'task.dead':
    case 'task.cancelled':
      return access.ownsTask(event.task);
    case 'task.progress':
      return access.ownsTask({ ownerId: event.ownerId });
    case 'document.created':
    case 'document.processed':
    case 'document.failed':
      return access.canReadDocument(event.document);
    case 'document.progress':
    case 'document.deleted':
      return access.canReadDocument({ ownerId: event.ownerId, collectionId: event.collectionId });
    case 'source.scanned':
      return access.owns({ ownerId: event.ownerId }) && access.canReadCollection({ id: event.collectionId });
    case 'search.space_switched':
      return true;
    case 'backup.completed':
    case 'backup.failed':
      return access.isAdmin;
    case 'notification.created':
      // A notification is its recipient's alone, admins included.
      return access.userId === event.userId;
  }
}
