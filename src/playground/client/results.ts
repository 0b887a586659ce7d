// The results table (issue 14): the first list in the last result, as a table an analyst
// can read, and as a CSV file to download. The list is the first connection's nodes
// (edges[].node), else the first list of objects; columns are the rows' leaf fields
// (leader.official.name). Pure functions first (tested in Node), then the plugin.
import { useGraphiQL } from '@graphiql/react';
import { createElement as h, useEffect, useState } from 'react';
import { browser } from './browser';

type Row = Record<string, unknown>;
const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first list of the result, depth first: a connection's nodes, or a list of objects. */
export function rowsOf(data: unknown): Row[] | null {
  if (Array.isArray(data)) return data.length && data.every(isObject) ? data : null;
  if (!isObject(data)) return null;
  if (Array.isArray(data.edges) && data.edges.every((e) => isObject(e) && 'node' in e)) return data.edges.map((e) => (e as Row).node as Row);
  for (const value of Object.values(data)) {
    const rows = rowsOf(value);
    if (rows) return rows;
  }
  return null;
}

/** The leaf paths of the rows, in first-seen order. */
export function columnsOf(rows: readonly Row[]): string[] {
  const columns: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (path && !columns.includes(path)) columns.push(path);
  };
  for (const row of rows) walk(row, '');
  return columns;
}

/** A cell's text (a list joined with "; "). */
export function cellOf(row: Row, path: string): string {
  let value: unknown = row;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? JSON.stringify(v) : String(v))).join('; ');
  return String(value);
}

/** RFC 4180 CSV with a BOM (Excel reads the Chinese right). */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `\uFEFF${[columns.map(quote).join(','), ...rows.map((r) => columns.map((c) => quote(cellOf(r, c))).join(','))].join('\r\n')}\r\n`;
}

interface DownloadGlobals {
  URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
  Blob: new (parts: string[], options: { type: string }) => object;
  document: { createElement(tag: 'a'): { href: string; download: string; click(): void } };
}

function download(csv: string): void {
  const g = browser as unknown as DownloadGlobals;
  const url = g.URL.createObjectURL(new g.Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = g.document.createElement('a');
  link.href = url;
  link.download = 'zeren-results.csv';
  link.click();
  g.URL.revokeObjectURL(url);
}

const MAX_SHOWN = 500;

function ResultsTable() {
  const responseEditor = useGraphiQL((state) => state.responseEditor);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!responseEditor) return undefined;
    setText(responseEditor.getValue());
    const listener = responseEditor.onDidChangeModelContent(() => setText(responseEditor.getValue()));
    return () => listener.dispose();
  }, [responseEditor]);
  let rows: Row[] | null = null;
  try {
    rows = text ? rowsOf((JSON.parse(text) as { data?: unknown }).data) : null;
  } catch {
    rows = null;
  }
  if (!rows) return h('p', { className: 'zeren-results-empty' }, 'Run a query with a list: its first list shows here as a table (首个列表以表格显示).');
  const columns = columnsOf(rows);
  const shown = rows.slice(0, MAX_SHOWN);
  return h('div', { className: 'zeren-results' },
    h('div', { className: 'zeren-results-bar' },
      h('span', null, `${rows.length} rows${rows.length > MAX_SHOWN ? `, the first ${MAX_SHOWN} shown` : ''}`),
      h('button', { type: 'button', className: 'zeren-results-csv', onClick: () => download(toCsv(columns, rows!)) }, 'Download CSV (下载)')),
    h('table', null,
      h('thead', null, h('tr', null, ...columns.map((c) => h('th', { key: c }, c)))),
      h('tbody', null, ...shown.map((row, i) => h('tr', { key: i }, ...columns.map((c) => h('td', { key: c }, cellOf(row, c))))))));
}

export const RESULTS_PLUGIN = {
  title: 'Results table',
  icon: () => h('span', { 'aria-hidden': true, style: { fontSize: 18 } }, '▦'),
  content: ResultsTable,
};
