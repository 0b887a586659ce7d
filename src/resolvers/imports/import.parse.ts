// Reading an import file into a header and text cells: CSV (RFC 4180, UTF-8, an optional
// BOM) or the first worksheet of an XLSX workbook (exceljs). Dates become YYYY-MM-DD,
// numbers their plain text; every cell is trimmed. Rows that are wholly empty are skipped,
// but row numbers stay those of the file (the header is row 1).
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from '../../files';

export interface SheetRow {
  /** The row's number in the file (the header is row 1). */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface Sheet {
  readonly headers: readonly string[];
  readonly rows: readonly SheetRow[];
}

export class UnreadableFile extends Error {}

/** RFC 4180: fields separated by commas, quoted with "", CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else field += c;
    i += 1;
  }
  if (quoted) throw new UnreadableFile('A quoted field is not closed');
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A worksheet cell's value as text: a date as its day (Excel dates carry no zone: UTC), rich text joined, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function xlsxRows(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('The file is not an XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFile('The workbook has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value));
    rows[number - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** The file's header and data rows; UnreadableFile when it is neither a UTF-8 CSV nor an XLSX workbook. */
export async function readSheet(content: Buffer, contentType: string): Promise<Sheet> {
  let rows: string[][];
  if (contentType === XLSX_TYPE) rows = await xlsxRows(content);
  else {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new UnreadableFile('The CSV is not UTF-8 text');
    }
    rows = parseCsv(text.replace(/^\uFEFF/, ''));
  }
  const trimmed = rows.map((r) => r.map((c) => c.trim()));
  if (!trimmed.length || trimmed[0].every((c) => c === '')) throw new UnreadableFile('The file has no header row');
  return {
    headers: trimmed[0],
    rows: trimmed.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c !== '')),
  };
}
