// Exports of lists people take into spreadsheets and scripts: CSV (RFC 4180, a header row) or
// JSON Lines (one object per line), written a line at a time so an export of any size streams.

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** RFC 4180 field: quoted when needed; a leading formula character is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `items` as lines: CSV with `columns` (a header row first), or JSON Lines of the whole items. */
export async function* exportLines<T extends object>(
  items: AsyncIterable<T>,
  columns: readonly (keyof T & string)[],
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === "csv") yield `${columns.join(",")}\r\n`;
  for await (const item of items) {
    yield format === "csv"
      ? `${columns.map((column) => csvField(item[column])).join(",")}\r\n`
      : `${JSON.stringify(item)}\n`;
  }
}
