import { AppError } from '../errors.js';
import type { Collection } from '../ingest/document.types.js';
import type { DocumentAccess } from '../search/search.types.js';
import type { Principal, Scope } from './auth.types.js';

/** How a principal reaches a collection: it owns it, or it is shared with it as editor or viewer. */
export type CollectionReach = 'owner' | 'editor' | 'viewer';

type Owned = { ownerId: string | null };
type InCollection = { ownerId: string; collectionId: string | null };

/**
 * What one principal may reach, resolved once per request: the collections it owns or that are shared with
 * it (directly or through a group), narrowed by an API key's collection restriction, and its own documents.
 * Core's services decide with it, and it becomes the `access` condition that the lexical and vector indexes
 * apply inside their queries — results are never filtered afterwards. Documents outside a collection are
 * private to their owner; folders, sources, chat sessions and tasks belong to one account. Admins (and the
 * operator) reach everything.
 */
export class Access {
  private constructor(
    readonly principal: Principal,
    private readonly reach: ReadonlyMap<string, CollectionReach>,
  ) {}

  /** Access of a principal given the collections it owns or that are shared with it. */
  static of(principal: Principal, reach: ReadonlyMap<string, CollectionReach>): Access {
    return new Access(principal, reach);
  }

  /** Everything, acting for `userId`: the CLI operator, background work, auth switched off on loopback. */
  static operator(userId: string): Access {
    return new Access(
      { kind: 'operator', userId, role: 'admin', scopes: ['read', 'write', 'admin'] },
      new Map(),
    );
  }

  get userId(): string {
    return this.principal.userId;
  }

  /** Admins and the operator reach everything (an API key restriction still narrows them). */
  private get unrestricted(): boolean {
    return this.principal.role === 'admin';
  }

  /** May manage accounts, groups and every key: an admin with a credential that carries `admin`. */
  get isAdmin(): boolean {
    return this.unrestricted && this.has('admin') && !this.principal.collectionIds;
  }

  has(scope: Scope): boolean {
    return this.principal.scopes.includes(scope);
  }

  /** Throws FORBIDDEN (403) unless the credentials carry `scope`. */
  require(scope: Scope): void {
    if (!this.has(scope)) {
      throw new AppError('FORBIDDEN', 'forbidden', `this needs the ${scope} permission`, {
        details: { required: scope },
      });
    }
  }

  /** Throws FORBIDDEN unless this is an admin. */
  requireAdmin(): void {
    if (!this.isAdmin) throw new AppError('FORBIDDEN', 'forbidden', 'only an admin may do this');
  }

  /**
   * The condition the indexes apply: null for no restriction, else documents owned by `ownerId` or in one of
   * `collectionIds`.
   */
  get documentFilter(): DocumentAccess | null {
    const restrict = this.principal.collectionIds ?? null;
    if (this.unrestricted) return restrict ? { ownerId: null, collectionIds: [...restrict] } : null;
    const reachable = [...this.reach.keys()];
    if (restrict) return { ownerId: null, collectionIds: reachable.filter((id) => restrict.includes(id)) };
    return { ownerId: this.userId, collectionIds: reachable };
  }

  /** Collections this principal reaches (null: all). */
  get collectionIds(): string[] | null {
    return this.documentFilter?.collectionIds ?? null;
  }

  canReadCollection(collection: Pick<Collection, 'id'>): boolean {
    if (!this.withinKey(collection.id)) return false;
    return this.unrestricted || this.reach.has(collection.id);
  }

  /** Upload into it and change its documents. */
  canWriteCollection(collection: Pick<Collection, 'id'>): boolean {
    if (!this.writer() || !this.withinKey(collection.id)) return false;
    const reach = this.reach.get(collection.id);
    return this.unrestricted || reach === 'owner' || reach === 'editor';
  }

  /** Rename, change settings, delete, share: its owner and admins. */
  canManageCollection(collection: Pick<Collection, 'id'>): boolean {
    if (!this.writer() || !this.withinKey(collection.id)) return false;
    return this.unrestricted || this.reach.get(collection.id) === 'owner';
  }

  canReadDocument(doc: InCollection): boolean {
    if (doc.collectionId === null)
      return !this.principal.collectionIds && (this.unrestricted || doc.ownerId === this.userId);
    if (!this.withinKey(doc.collectionId)) return false;
    return this.unrestricted || doc.ownerId === this.userId || this.reach.has(doc.collectionId);
  }

  canWriteDocument(doc: InCollection): boolean {
    if (!this.writer()) return false;
    if (doc.collectionId === null)
      return !this.principal.collectionIds && (this.unrestricted || doc.ownerId === this.userId);
    if (!this.withinKey(doc.collectionId)) return false;
    return (
      this.unrestricted || doc.ownerId === this.userId || this.canWriteCollection({ id: doc.collectionId })
    );
  }

  /** Folders, sources, chat sessions, tasks and query logs: their owner, and unrestricted admins. */
  owns(thing: Owned): boolean {
    return (
      (this.unrestricted && !this.principal.collectionIds) ||
      (thing.ownerId !== null && thing.ownerId === this.userId)
    );
  }

  /**
   * Tasks: their owner's and unrestricted admins'. A key restricted to some collections sees none: tasks are
   * not bound to a collection, and their payloads name documents it must not learn about.
   */
  ownsTask(task: Owned): boolean {
    return !this.principal.collectionIds && this.owns(task);
  }

  /** The owner filter for listing owned things: null lists everyone's (admins). */
  get ownerFilter(): string | null {
    return this.unrestricted && !this.principal.collectionIds ? null : this.userId;
  }

  private writer(): boolean {
    return this.has('write') && this.principal.role !== 'viewer';
  }

  private withinKey(collectionId: string): boolean {
    return !this.principal.collectionIds || this.principal.collectionIds.includes(collectionId);
  }
}

/** A document the principal may not read does not exist for it: 404, so existence does not leak. */
export function hidden(kind: string, id: string): AppError {
  const code = `${kind.toUpperCase()}_NOT_FOUND`;
  return new AppError(code, 'not_found', `${kind} ${id} does not exist`, { details: { id } });
}
