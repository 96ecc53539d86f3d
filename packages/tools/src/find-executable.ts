import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/**
 * The absolute path of `cmd` as `spawn` would find it, or null when there is none. A name with a slash is
 * taken relative to `cwd` and only has to exist (running it then reports any permission problem); a bare name
 * is looked up in `pathEnv` like the shell does: the first regular, executable file wins.
 */
export async function findExecutable(
  cmd: string,
  pathEnv: string | undefined,
  cwd: string = process.cwd(),
): Promise<string | null> {
  if (cmd.includes('/')) {
    const path = isAbsolute(cmd) ? cmd : resolve(cwd, cmd);
    return (await exists(path)) ? path : null;
  }
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory, as in POSIX shells.
    const candidate = resolve(cwd, join(dir || '.', cmd));
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
