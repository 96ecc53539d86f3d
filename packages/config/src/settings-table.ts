import { describeSettings } from './config.js';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

/** The README's configuration table, generated from the schema (`npm run docs:config` writes it). */
export function settingsTable(): string {
  const rows = describeSettings().map(
    (s) => `| \`${s.variable}\` | ${s.default === '' ? '(unset)' : `\`${s.default}\``} | ${s.meaning} |`,
  );
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Replaces the table between the markers in a README text. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end < start) throw new Error(`README lacks the ${TABLE_START} … ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}
