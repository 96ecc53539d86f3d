import { AppError } from '../errors.js';
import type { PasswordHasher } from '../ports/credentials.port.js';
import type { IdentityStore } from '../ports/identity-repository.port.js';
import { LOCAL_USER_ID } from '../ports/metadata-store.port.js';
import type { Access } from './access.js';
import type { Account, Group, RequestOrigin, Role } from './auth.types.js';
import type { AuditService } from './audit.service.js';
import { checkPassword, checkPasswordInput, normaliseEmail } from './password-policy.js';

/** Input of a new account. */
export interface NewAccount {
  email: string;
  displayName?: string;
  role: Role;
  /** Null for an account that signs in only through OpenID Connect. */
  password: string | null;
}

const NONE: RequestOrigin = { ip: null, userAgent: null, requestId: null };

/**
 * Accounts and groups: first-run setup, creation by admins, role and activity changes (never leaving the
 * install without an active admin), password changes, and the groups collections are shared with.
 */
export class AccountService {
  constructor(
    private readonly identity: IdentityStore,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /** True until the first account that can sign in exists. */
  async needsSetup(): Promise<boolean> {
    return (await this.identity.accounts.countSignInAccounts()) === 0;
  }

  /**
   * Creates the first admin, exactly once: of two racing calls one wins and the other gets 409 SETUP_DONE. An
   * embedded install's built-in local user becomes this admin, so its documents are the admin's.
   */
  async setup(
    input: { email: string; password: string; displayName?: string },
    origin: RequestOrigin = NONE,
  ): Promise<Account> {
    const email = normaliseEmail(input.email);
    checkPassword(input.password, { email });
    const account = await this.identity.accounts.claimFirstAdmin({
      localUserId: LOCAL_USER_ID,
      email,
      displayName: input.displayName?.trim() || email,
      passwordHash: await this.hasher.hash(input.password),
    });
    if (!account) {
      await this.audit.record(null, origin, { action: 'auth.setup', entityType: 'user', outcome: 'failure' });
      throw new AppError('SETUP_DONE', 'conflict', 'this server is set up already; sign in instead');
    }
    await this.audit.record(null, origin, {
      action: 'auth.setup',
      entityType: 'user',
      entityId: account.id,
      actorUserId: account.id,
      after: { email: account.email, role: account.role },
    });
    return account;
  }

  /** Creates an account (admins; the CLI as operator). */
  async create(access: Access, input: NewAccount, origin: RequestOrigin = NONE): Promise<Account> {
    access.requireAdmin();
    const email = normaliseEmail(input.email);
    if (input.password !== null) checkPassword(input.password, { email });
    const account = await this.identity.accounts.create({
      email,
      displayName: input.displayName?.trim() || email,
      role: input.role,
      passwordHash: input.password === null ? null : await this.hasher.hash(input.password),
    });
    await this.audit.record(access, origin, {
      action: 'user.create',
      entityType: 'user',
      entityId: account.id,
      after: { email: account.email, role: account.role },
    });
    return account;
  }

  async list(access: Access, options: { limit?: number; cursor?: string } = {}) {
    access.requireAdmin();
    return this.identity.accounts.list(options);
  }

  /** An account: one's own, or any for admins (404 otherwise: ids do not leak). */
  async get(access: Access, id: string): Promise<Account> {
    const account = id === access.userId || access.isAdmin ? await this.identity.accounts.get(id) : null;
    if (!account) throw notFound(id);
    return account;
  }

  /**
   * Changes an account: its name (the account itself or an admin), its role or whether it is active (admins).
   * Refuses to leave no active admin (LAST_ADMIN), including an admin demoting or disabling themself.
   */
  async update(
    access: Access,
    id: string,
    patch: { displayName?: string; role?: Role; isActive?: boolean },
    origin: RequestOrigin = NONE,
  ): Promise<Account> {
    const before = await this.get(access, id);
    if ((patch.role !== undefined || patch.isActive !== undefined) && !access.isAdmin) {
      throw new AppError('FORBIDDEN', 'forbidden', 'only an admin may change roles or disable accounts');
    }
    const losesAdmin =
      before.role === 'admin' &&
      before.isActive &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.isActive === false);
    if (losesAdmin && (await this.identity.accounts.countActiveAdmins()) <= 1) {
      throw new AppError('LAST_ADMIN', 'conflict', 'the last active admin cannot be demoted or disabled', {
        details: { id },
      });
    }
    const updated = await this.identity.accounts.update(id, {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() || before.email } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.isActive !== undefined ? { isActive: patch.isActive } : {}),
    });
    if (!updated) throw notFound(id);
    if (patch.isActive === false) await this.identity.sessions.revokeUser(id, new Date().toISOString());
    await this.audit.record(access, origin, {
      action: patch.role !== undefined && patch.role !== before.role ? 'user.role_change' : 'user.update',
      entityType: 'user',
      entityId: id,
      before: { displayName: before.displayName, role: before.role, isActive: before.isActive },
      after: { displayName: updated.displayName, role: updated.role, isActive: updated.isActive },
    });
    return updated;
  }

  /** Sets a new password, checking the current one; other sign-ins of the account are revoked. */
  async changePassword(
    access: Access,
    input: { current: string; next: string; keepFamilyId?: string },
    origin: RequestOrigin = NONE,
  ): Promise<void> {
    const account = await this.get(access, access.userId);
    checkPasswordInput(input.current);
    const hash = await this.identity.accounts.passwordHash(account.id);
    if (!hash || !(await this.hasher.verify(hash, input.current))) {
      await this.audit.record(access, origin, {
        action: 'auth.password_change',
        entityType: 'user',
        entityId: account.id,
        outcome: 'failure',
      });
      throw new AppError('PASSWORD_WRONG', 'user', 'the current password is wrong');
    }
    checkPassword(input.next, { email: account.email });
    await this.identity.accounts.update(account.id, { passwordHash: await this.hasher.hash(input.next) });
    await this.identity.sessions.revokeUser(account.id, new Date().toISOString(), input.keepFamilyId);
    await this.audit.record(access, origin, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: account.id,
    });
  }

  /**
   * Sets a new password without the current one (admins; the operator's `sift users passwd` for someone who
   * forgot theirs). The policy applies, and every sign-in of the account ends: whoever knew the old password
   * may hold one.
   */
  async resetPassword(
    access: Access,
    id: string,
    password: string,
    origin: RequestOrigin = NONE,
  ): Promise<Account> {
    access.requireAdmin();
    const account = await this.get(access, id);
    checkPassword(password, { email: account.email });
    const updated = await this.identity.accounts.update(id, {
      passwordHash: await this.hasher.hash(password),
    });
    if (!updated) throw notFound(id);
    await this.identity.sessions.revokeUser(id, new Date().toISOString());
    await this.audit.record(access, origin, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
    });
    return updated;
  }

  /** The account an OpenID identity maps to: linked before, or by email, or new (with the mapped role). */
  async externalAccount(input: {
    externalId: string;
    email: string;
    displayName: string;
    role: Role;
  }): Promise<Account> {
    const linked = await this.identity.accounts.getByExternalId(input.externalId);
    if (linked) return linked;
    const email = normaliseEmail(input.email);
    const existing = await this.identity.accounts.getByEmail(email);
    if (existing)
      return (await this.identity.accounts.update(existing.id, { externalId: input.externalId }))!;
    if (await this.needsSetup()) {
      const first = await this.identity.accounts.claimFirstAdmin({
        localUserId: LOCAL_USER_ID,
        email,
        displayName: input.displayName,
        passwordHash: null,
        externalId: input.externalId,
      });
      if (first) return first;
    }
    return this.identity.accounts.create({
      email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: null,
      externalId: input.externalId,
    });
  }

  // Groups (admins).

  async listGroups(access: Access): Promise<Group[]> {
    access.requireAdmin();
    return this.identity.groups.list();
  }

  async createGroup(
    access: Access,
    name: string,
    memberIds: string[] = [],
    origin: RequestOrigin = NONE,
  ): Promise<Group> {
    access.requireAdmin();
    const group = await this.identity.groups.create(groupName(name));
    const withMembers = memberIds.length ? await this.identity.groups.setMembers(group.id, memberIds) : group;
    await this.audit.record(access, origin, {
      action: 'group.create',
      entityType: 'group',
      entityId: group.id,
      after: { name: group.name, memberIds },
    });
    return withMembers ?? group;
  }

  async updateGroup(
    access: Access,
    id: string,
    patch: { name?: string; memberIds?: string[] },
    origin: RequestOrigin = NONE,
  ): Promise<Group> {
    access.requireAdmin();
    const before = await this.identity.groups.get(id);
    if (!before) throw groupNotFound(id);
    if (patch.name !== undefined) await this.identity.groups.rename(id, groupName(patch.name));
    if (patch.memberIds !== undefined) await this.identity.groups.setMembers(id, patch.memberIds);
    const after = (await this.identity.groups.get(id))!;
    await this.audit.record(access, origin, {
      action: 'group.update',
      entityType: 'group',
      entityId: id,
      before: { name: before.name, memberIds: before.memberIds },
      after: { name: after.name, memberIds: after.memberIds },
    });
    return after;
  }

  async deleteGroup(access: Access, id: string, origin: RequestOrigin = NONE): Promise<void> {
    access.requireAdmin();
    if (!(await this.identity.groups.delete(id))) throw groupNotFound(id);
    await this.audit.record(access, origin, { action: 'group.delete', entityType: 'group', entityId: id });
  }
}

function groupName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new AppError('GROUP_NAME_INVALID', 'user', 'a group name has 1 to 100 characters');
  }
  return trimmed;
}

function notFound(id: string): AppError {
  return new AppError('USER_NOT_FOUND', 'not_found', `user ${id} does not exist`, { details: { id } });
}

function groupNotFound(id: string): AppError {
  return new AppError('GROUP_NOT_FOUND', 'not_found', `group ${id} does not exist`, { details: { id } });
}
