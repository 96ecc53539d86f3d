import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The set that maps URL schemes to LibreOffice's content providers (UCPs), as paths in the user layer spell it. */
const PROVIDERS =
  "/org.openoffice.ucb.Configuration/ContentProviders/org.openoffice.ucb.Configuration:ContentProvidersDataPrimaryKeys['Local']" +
  "/SecondaryKeys/org.openoffice.ucb.Configuration:ContentProvidersDataSecondaryKeys['Office']/ProviderData";

/**
 * The content providers that reach the network, by their names in LibreOffice's share/registry/main.xcd:
 * WebDAV for http, https, webdav, webdavs, vnd.sun.star.webdav(s) (3, 4, 4a, 12, 12a, 12b), FTP (6) and
 * CMIS (43). Without a provider a URL cannot be opened at all, whichever feature asks: a Word INCLUDEPICTURE
 * field fetches its picture during import without consulting any link-update setting, so switching link
 * updates off alone does not stop it.
 */
const REMOTE_PROVIDERS = [
  ...['Provider3', 'Provider4', 'Provider4a', 'Provider12', 'Provider12a', 'Provider12b'],
  ...['Provider6', 'Provider43'],
];

/** Settings that keep a document from acting on its own: no link updates, no macros, no untrusted referers. */
const SECURITY = '/org.openoffice.Office.Common/Security/Scripting';
const SETTINGS: { path: string; name: string; value: string }[] = [
  // Writer's UpdateLinks enum: 0 = never (1 = on request, the default).
  { path: '/org.openoffice.Office.Writer/Content/Update', name: 'Link', value: '0' },
  // Calc's ScLkUpdMode: 1 = never (0 = always, 2 = on request, the default).
  { path: '/org.openoffice.Office.Calc/Content/Update', name: 'Link', value: '1' },
  { path: SECURITY, name: 'BlockUntrustedRefererLinks', value: 'true' },
  { path: SECURITY, name: 'DisableMacrosExecution', value: 'true' },
  // 3 = very high: only macros from trusted locations, and there are none.
  { path: SECURITY, name: 'MacroSecurityLevel', value: '3' },
];

/**
 * Writes a LibreOffice user profile (`-env:UserInstallation=<dir>`) that cannot open remote URLs: the network
 * content providers are removed and link updates and macros are off. It holds even where the converter runs
 * with the host's network (no namespace sandbox), so a document cannot make LibreOffice request an internal
 * address. LibreOffice fills in the rest of the profile on first start. (`--safe-mode` would be no help: it
 * starts from a fresh profile and so would drop these settings.)
 */
export async function writeOfflineProfile(profileDir: string): Promise<void> {
  const userDir = join(profileDir, 'user');
  await mkdir(userDir, { recursive: true });
  const items = [
    ...REMOTE_PROVIDERS.map(
      (name) => `<item oor:path="${PROVIDERS}"><node oor:name="${name}" oor:op="remove"/></item>`,
    ),
    ...SETTINGS.map(
      (s) =>
        `<item oor:path="${s.path}"><prop oor:name="${s.name}" oor:op="fuse"><value>${s.value}</value></prop></item>`,
    ),
  ];
  await writeFile(
    join(userDir, 'registrymodifications.xcu'),
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"' +
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      ...items,
      '</oor:items>',
      '',
    ].join('\n'),
  );
}
