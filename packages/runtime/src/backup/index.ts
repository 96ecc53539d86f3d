export {
  BackupService,
  BACKUP_UNIQUE_KEY,
  type BackupInfo,
  type BackupNowOptions,
} from './backup.service.js';
export { createBackupSchedule, type BackupSchedule } from './backup-schedule.js';
export { restoreBackup, type RestoreOptions } from './backup-restore.js';
export { checkDataDir, type ConsistencyProblem, type ConsistencyReport } from './consistency-check.js';
export { BACKUP_FORMAT, MANIFEST_NAME, type BackupManifest, type ManifestFile } from './backup-manifest.js';
export type { WrittenBackup } from './backup-writer.js';
