import { mkdir, mkdtemp, realpath, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWithin, realPathOf, SourceRoots } from './source-roots.js';

describe('isWithin', () => {
  it('compares whole path segments, not string prefixes', () => {
    expect(isWithin('/data/root', '/data/root')).toBe(true);
    expect(isWithin('/data/root', '/data/root/a/b')).toBe(true);
    expect(isWithin('/data/root', '/data/root2')).toBe(false);
    expect(isWithin('/data/root', '/data/root2/a')).toBe(false);
    expect(isWithin('/data/root', '/data')).toBe(false);
    expect(isWithin('/data/root', '/data/root/..hidden')).toBe(true);
    expect(isWithin('/', '/etc')).toBe(true);
  });
});

/** Over a real temp tree: `root/` (the configured root), `root2/` and `outside/`, plus links between them. */
describe('SourceRoots', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-roots-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'docs', 'sub'), { recursive: true });
    await mkdir(path.join(base, 'root2'));
    await mkdir(outside);
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(root, 'docs', 'sub'), path.join(root, 'shortcut'));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (err: { code: string }) => err.code,
    );

  it('answers the real path of a directory under a root, `..` and links inside the root resolved', async () => {
    const roots = new SourceRoots([root]);
    expect(await roots.resolveDirectory(path.join(root, 'docs'), 'roots')).toBe(path.join(root, 'docs'));
    expect(await roots.resolveDirectory(`${root}/docs/sub/..`, 'roots')).toBe(path.join(root, 'docs'));
    expect(await roots.resolveDirectory(path.join(root, 'shortcut'), 'roots')).toBe(
      path.join(root, 'docs', 'sub'),
    );
    expect(await roots.resolveDirectory(root, 'roots')).toBe(root);
  });

  it('refuses whatever resolves outside every root with SOURCE_OUTSIDE_ROOTS, naming only the path sent', async () => {
    const roots = new SourceRoots([root]);
    for (const p of [
      '/etc',
      '/',
      '/proc/self',
      `${root}/../..`,
      path.join(base, 'root2'),
      path.join(root, 'escape'),
      path.join(root, 'escape', 'missing', 'deeper'),
    ]) {
      const err = await roots.resolveDirectory(p, 'roots').catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'SOURCE_OUTSIDE_ROOTS',
        category: 'forbidden',
        details: { path: p },
      });
      expect((err as Error).message.replace(p, '')).not.toContain(base);
    }
  });

  it('refuses a missing or non-directory path inside a root with SOURCE_PATH_INVALID', async () => {
    const roots = new SourceRoots([root]);
    expect(await codeOf(roots.resolveDirectory(path.join(root, 'missing'), 'roots'))).toBe(
      'SOURCE_PATH_INVALID',
    );
  });

  it('refuses everything with SOURCES_DISABLED when no root is configured, but allows any path to scope any', async () => {
    const none = new SourceRoots([]);
    expect(await codeOf(none.resolveDirectory(root, 'roots'))).toBe('SOURCES_DISABLED');
    expect(await none.resolveDirectory(outside, 'any')).toBe(outside);
    expect(await none.resolveDirectory(path.join(root, 'escape'), 'any')).toBe(outside);
    expect(await codeOf(none.resolveDirectory(path.join(root, 'missing'), 'any'))).toBe(
      'SOURCE_PATH_INVALID',
    );
  });

  it('keeps the real path a root first had: a root replaced by a link to / later does not widen it', async () => {
    const roots = new SourceRoots([root]);
    await roots.resolveDirectory(path.join(root, 'docs'), 'roots');
    await rename(root, `${root}-moved`);
    await symlink('/', root);

    expect(await codeOf(roots.resolveDirectory('/etc', 'roots'))).toBe('SOURCE_OUTSIDE_ROOTS');
    expect(await codeOf(roots.resolveDirectory(path.join(root, 'etc'), 'roots'))).toBe(
      'SOURCE_OUTSIDE_ROOTS',
    );
  });

  it('accepts a root configured through a link, by the real path it leads to', async () => {
    const alias = path.join(base, 'alias');
    await symlink(root, alias);
    const roots = new SourceRoots([alias]);
    expect(await roots.resolveDirectory(path.join(alias, 'docs'), 'roots')).toBe(path.join(root, 'docs'));
    expect(await roots.resolveDirectory(path.join(root, 'docs'), 'roots')).toBe(path.join(root, 'docs'));
  });
});

describe('realPathOf', () => {
  it('judges a missing path by the real path of its deepest existing ancestor', async () => {
    const base = await realpath(await mkdtemp(path.join(tmpdir(), 'sift-realpath-')));
    try {
      await mkdir(path.join(base, 'target'));
      await symlink(path.join(base, 'target'), path.join(base, 'link'));
      expect(await realPathOf(path.join(base, 'link', 'a', 'b'))).toBe(path.join(base, 'target', 'a', 'b'));
      expect(await realPathOf(`${base}/link/../link`)).toBe(path.join(base, 'target'));
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
