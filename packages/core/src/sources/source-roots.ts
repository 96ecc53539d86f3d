import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Which directories a source may read. `roots`: a client of the API — only directories whose real path lies under
 * one of the configured roots. `any`: the operator acting on the data dir (`sift ingest PATH`) — any directory the
 * process can read. Either way a scan never follows a symbolic link out of the source's own directory.
 */
export type SourceScope = 'roots' | 'any';

/**
 * Whether `child` is `parent` or lies below it, comparing whole path segments: `/data/root2` is not under
 * `/data/root`. Both paths must be absolute and normalised (real paths are).
 */
export function isWithin(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

/**
 * The real path of `p` (`..` resolved first, then every symbolic link by the OS). A path that does not exist is
 * judged by where it would be: the real path of its deepest existing ancestor with the rest appended. So a refusal
 * never reveals whether something outside the roots exists.
 */
export async function realPathOf(p: string): Promise<string> {
  let head = path.resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(head), ...tail);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return path.join(head, ...tail);
      tail.unshift(path.basename(head));
      head = parent;
    }
  }
}

/**
 * The configured source roots (`SIFT_SOURCE_ROOTS`) and the one rule that decides which directory a source may
 * read. Each root's real path is taken the first time it resolves and kept for the life of the process: a root
 * replaced by a symbolic link afterwards (to `/`, say) must not widen what sources can reach.
 */
export class SourceRoots {
  private readonly configured: readonly string[];
  private readonly resolved = new Map<string, string>();

  constructor(roots: readonly string[]) {
    this.configured = roots.map((r) => path.resolve(r));
  }

  /**
   * The real directory a source at `requested` reads, or an AppError: `SOURCES_DISABLED` (scope `roots` with no
   * roots configured), `SOURCE_OUTSIDE_ROOTS`, `SOURCE_PATH_INVALID` (not a directory). Errors name only
   * `requested` — the path the caller sent — never the roots nor where a link leads.
   */
  async resolveDirectory(requested: string, scope: SourceScope): Promise<string> {
    if (scope === 'roots' && this.configured.length === 0) {
      throw new AppError(
        'SOURCES_DISABLED',
        'forbidden',
        'directory sources are disabled on this server: no source roots are configured (SIFT_SOURCE_ROOTS)',
        { details: { path: requested } },
      );
    }
    const real = await realPathOf(requested);
    if (scope === 'roots' && !(await this.contains(real))) {
      throw new AppError(
        'SOURCE_OUTSIDE_ROOTS',
        'forbidden',
        `${requested} is not inside a directory this server allows as a source`,
        { details: { path: requested } },
      );
    }
    const info = await stat(real).catch(() => null);
    if (!info?.isDirectory()) {
      throw new AppError('SOURCE_PATH_INVALID', 'user', `${requested} is not a readable directory`, {
        details: { path: requested },
      });
    }
    return real;
  }

  private async contains(realPath: string): Promise<boolean> {
    for (const root of this.configured) {
      const real = await this.realRoot(root);
      if (real !== null && isWithin(real, realPath)) return true;
    }
    return false;
  }

  private async realRoot(root: string): Promise<string | null> {
    const known = this.resolved.get(root);
    if (known !== undefined) return known;
    // A root that does not exist yet allows nothing; it is looked up again next time.
    const real = await realpath(root).catch(() => null);
    if (real !== null) this.resolved.set(root, real);
    return real;
  }
}
