import type { ReactNode } from "react";
import { cx } from "./ui";

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  /** Right-aligned, header and cells alike: counts read down a column. */
  numeric?: boolean;
  /** The cell names its row (a `th` of scope row), as the first column of a summary does. */
  rowHeader?: boolean;
};

type Props<T> = {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** The field that tells rows apart. */
  rowKey: keyof T & string;
  /** Each row's data-testid, so tests can find rows by what they are. */
  rowTestId?: string;
  className?: string;
};

/**
 * A read-only table the way every page shows one: a caption for screen readers, column headers,
 * and on a phone stacked rows where each cell is named by its column (`stack-on-phone`).
 */
export function DataTable<T>({ caption, columns, rows, rowKey, rowTestId, className }: Props<T>) {
  return (
    <table className={cx("stack-on-phone w-full text-left text-sm", className)}>
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={cx("py-2 pr-3 font-medium", column.numeric && "text-right")}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[rowKey])} className="border-t border-slate-100 align-top" data-testid={rowTestId}>
            {columns.map((column) => {
              const Cell = column.rowHeader ? "th" : "td";
              return (
                <Cell
                  key={column.header}
                  scope={column.rowHeader ? "row" : undefined}
                  data-label={column.header}
                  className={cx(
                    "py-2 pr-3",
                    column.rowHeader && "font-normal",
                    column.numeric && "text-right",
                    column.className,
                  )}
                >
                  {column.cell(row)}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
