import yauzl from 'yauzl';

/** Central directory entries read before giving up on finding a marker (office files have few dozen). */
const MAX_ENTRIES_SCANNED = 5000;

/**
 * Whether a zip's central directory lists an entry named exactly `name`. Reads only the directory, never
 * member data. A file that is not a readable zip answers false.
 */
export async function zipHasEntry(path: string, name: string): Promise<boolean> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false });
  } catch {
    return false;
  }
  try {
    let scanned = 0;
    for await (const entry of zip.eachEntry()) {
      const entryName = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        false,
      );
      if (entryName === name) return true;
      if (++scanned >= MAX_ENTRIES_SCANNED) return false;
    }
    return false;
  } catch {
    return false;
  } finally {
    zip.close();
  }
}
