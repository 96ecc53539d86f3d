import type { MetadataStore } from '../ports/metadata-store.port.js';
import { Access, type CollectionReach } from './access.js';
import type { Principal } from './auth.types.js';

/**
 * Resolves a principal into its Access: for anyone but an admin, the collections it owns and those shared with
 * it or its groups (the strongest share wins). Two small indexed reads per request.
 */
export class AccessResolver {
  constructor(private readonly metadata: MetadataStore) {}

  async resolve(principal: Principal): Promise<Access> {
    if (principal.role === 'admin') return Access.of(principal, new Map());
    const { identity, collections } = this.metadata;
    const [owned, groups] = await Promise.all([
      collections.ownedIds(principal.userId),
      identity.groups.groupsOf(principal.userId),
    ]);
    const reach = new Map<string, CollectionReach>();
    for (const share of await identity.shares.sharedWith(principal.userId, groups))
      reach.set(share.collectionId, share.role);
    for (const id of owned) reach.set(id, 'owner');
    return Access.of(principal, reach);
  }
}
