export type Cell = string | number | boolean | null | undefined;

/**
 * A CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * gets a leading apostrophe, so an exported log line can never execute in Excel or Sheets. A bare
 * `@name` (Logline's system fields: `@timestamp`, `@message`) calls nothing and is kept as it is.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^@[\w.]+$/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
