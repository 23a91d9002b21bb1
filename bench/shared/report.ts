// The shape every benchmark returns, and the Markdown/console rendering of it.

export interface Table {
  title?: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

export interface BudgetLine {
  line: string;
  pass: boolean;
  /** The measured numbers behind the verdict. */
  detail: string;
}

export interface BenchResult {
  name: string;
  title: string;
  /** Ratios first: the table that answers the question, then the raw numbers. */
  tables: Table[];
  budgets: BudgetLine[];
  notes: string[];
}

export function markdownTable(table: Table): string {
  const cells = (row: Array<string | number>) => `| ${row.map(String).join(' | ')} |`;
  const head = table.title ? `**${table.title}**\n\n` : '';
  return `${head}${cells(table.headers)}\n|${table.headers.map(() => '---').join('|')}|\n${table.rows.map(cells).join('\n')}`;
}

export function consoleTable(table: Table): string {
  const all = [table.headers, ...table.rows.map((row) => row.map(String))];
  const widths = table.headers.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)));
  const line = (row: Array<string | number>) =>
    row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ');
  return [table.title ? `  ${table.title}` : '', ...all.map((row) => `  ${line(row)}`)]
    .filter(Boolean)
    .join('\n');
}

/** Formats a number with a few significant digits and thousands separators. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toString();
}

export function ratio(value: number): string {
  return `${fmt(value)}×`;
}
