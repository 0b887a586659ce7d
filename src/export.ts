// Exports for analysts (issue 14): POST /export with a GraphQL query whose root is one
// list, a connection (`tasks(filter: …) { edges { node { … } } }`) or a plain list
// (`portraits(parentId: …, year: …) { … }`), and `format: "csv" | "xlsx"`.
// The query runs as the GraphQL API runs it, page by page (100 rows at a time, a fresh
// context each), so the same filters, scope and field rules apply: a field the viewer may
// not read is exported blank and marked. Columns are the node's leaf fields, headed by
// their Chinese term; rows stream out (csv-stringify, exceljs's streaming writer), so a
// city's tens of thousands of rows fit a fixed memory bound. Each page counts against the
// caller's rate limit; the export is audited.
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import {
  getNamedType, getNullableType, getOperationAST, isListType, Kind, parse, print, TypeInfo, visit, visitWithTypeInfo,
  type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { Logger } from 'pino';
import type { Context } from './context';
import { sendError, signInFirst } from './edge';
import { recordOwnAction } from './resolvers/audit/audit.service';
import { MAX_PAGE_SIZE } from './schema/pagination';

/** How an export ran its query: one page at a time, as the API would. */
export interface ExportRunner {
  context(req: Request, res: Response): Promise<Context>;
  execute(ctx: Context, query: string, variables: Record<string, unknown>): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }>;
  limit(ctx: Context, req: Request): Promise<void>;
}

interface Column { readonly path: readonly string[]; readonly header: string }

const FORBIDDEN_MARK = '〔无权查看〕';
/** The leading Chinese term of a description ("责任领导 The responsible…" → "责任领导"). */
const termOf = (description: string | null | undefined): string | null => /^([\u3400-\u9fff（）()、·]+)/.exec(description ?? '')?.[1] ?? null;

class ExportError extends Error {}

/**
 * The document made ready for paging: the root connection field gets first/after from
 * two variables of ours, and pageInfo is selected; the node's leaf fields become columns.
 */
function prepare(schema: GraphQLSchema, source: string, operationName: string | undefined): { document: DocumentNode; root: string; columns: Column[]; paged: boolean } {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch {
    throw new ExportError('The query does not parse');
  }
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== 'query') throw new ExportError('Send one query (not a mutation or subscription)');
  const roots = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value !== '__typename');
  const rootField = roots[0];
  const rootDef = rootField && schema.getQueryType()?.getFields()[rootField.name.value];
  const paged = !!rootDef && getNamedType(rootDef.type).name.endsWith('Connection');
  if (roots.length !== 1 || !rootDef || (!paged && !isListType(getNullableType(rootDef.type)))) {
    throw new ExportError('The query\'s root must be one list: a connection (tasks(filter: …) { edges { node { title } } }) or a plain list (portraits(parentId: …, year: …) { … })');
  }
  if (rootField.arguments?.some((a) => ['first', 'after', 'last', 'before'].includes(a.name.value))) {
    throw new ExportError('Leave out first, after, last and before: the export pages through the whole list');
  }
  const edges = paged ? rootField.selectionSet?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'edges') : undefined;
  const node = paged ? edges?.selectionSet?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'node') : rootField;
  if (!node?.selectionSet) throw new ExportError(paged ? 'Select edges { node { … } } with the fields to export' : 'Select the fields to export');

  // Columns: the node's leaf fields, in order, through nested objects; headers from the schema's descriptions.
  const columns: Column[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const terms: string[] = [];
  let depth = -1;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field: {
      enter(field) {
        const def = typeInfo.getFieldDef();
        const inNode = depth >= 0;
        if (field === node) depth = 0;
        else if (inNode) {
          const key = field.alias?.value ?? field.name.value;
          path.push(key);
          terms.push(termOf(def?.description) ?? key);
          if (!field.selectionSet) columns.push({ path: [...path], header: terms.join('·') });
        }
        return undefined;
      },
      leave(field) {
        if (field === node) depth = -1;
        else if (depth >= 0) {
          path.pop();
          terms.pop();
        }
      },
    },
  }));
  if (columns.length === 0) throw new ExportError('Select at least one field of the node');

  if (!paged) return { document, root: rootField.alias?.value ?? rootField.name.value, columns, paged };
  // first: $__exportFirst, after: $__exportAfter on the root field, and pageInfo selected.
  const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;
  const pageInfo: SelectionSetNode = (parse('{ pageInfo { hasNextPage endCursor } }').definitions[0] as OperationDefinitionNode).selectionSet;
  const withPages = visit(document, {
    OperationDefinition(op) {
      if (op !== operation) return undefined;
      return {
        ...op,
        variableDefinitions: [
          ...(op.variableDefinitions ?? []),
          ...[['__exportFirst', 'Int'], ['__exportAfter', 'String']].map(([name, type]) => ({
            kind: Kind.VARIABLE_DEFINITION, variable: variable(name), type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } },
          })),
        ],
      };
    },
    Field(field) {
      if (field !== rootField) return undefined;
      return {
        ...field,
        arguments: [
          ...(field.arguments ?? []),
          { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: variable('__exportFirst') },
          { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: variable('__exportAfter') },
        ],
        selectionSet: { ...field.selectionSet!, selections: [...field.selectionSet!.selections, ...pageInfo.selections] },
      };
    },
  }) as DocumentNode;
  return { document: withPages, root: rootField.alias?.value ?? rootField.name.value, columns, paged };
}

/** A cell: the value at the path (lists joined), or the mark where a field rule refused it. */
function cell(node: unknown, path: readonly string[], refused: boolean): string | number | boolean | null {
  if (refused) return FORBIDDEN_MARK;
  const at = (value: unknown, i: number): unknown => {
    if (value === null || value === undefined) return null;
    if (i === path.length) return value;
    if (Array.isArray(value)) return value.map((v) => at(v, i)).flat().filter((v) => v !== null);
    return at((value as Record<string, unknown>)[path[i]], i + 1);
  };
  const value = at(node, 0);
  if (Array.isArray(value)) return value.join('; ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean | null);
}

interface Sheet {
  header(headers: string[]): void;
  row(values: (string | number | boolean | null)[]): Promise<void>;
  end(): Promise<void>;
}

function csvSheet(res: Response): Sheet {
  const out = stringify({ bom: true });
  out.pipe(res);
  const write = (values: unknown[]) => new Promise<void>((resolve) => {
    if (out.write(values)) resolve();
    else out.once('drain', () => resolve());
  });
  return {
    header: (headers) => void out.write(headers),
    row: (values) => write(values),
    end: () => new Promise<void>((resolve) => {
      res.once('finish', () => resolve());
      out.end();
    }),
  };
}

function xlsxSheet(res: Response, title: string): Sheet {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(title);
  return {
    header(headers) {
      const row = sheet.addRow(headers);
      row.font = { bold: true };
      row.commit();
    },
    async row(values) {
      sheet.addRow(values).commit();
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** POST /export: the handler. */
export function exportHandler(schema: GraphQLSchema, runner: ExportRunner, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const { query, variables, operationName, format } = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown; format?: unknown };
    if (typeof query !== 'string' || (format !== 'csv' && format !== 'xlsx')) {
      return sendError(res, 400, 'BAD_USER_INPUT', 'Send { query, variables?, format: "csv" | "xlsx" }', { reason: 'export' });
    }
    let prepared: ReturnType<typeof prepare>;
    try {
      prepared = prepare(schema, query, typeof operationName === 'string' ? operationName : undefined);
    } catch (err) {
      if (err instanceof ExportError) return sendError(res, 400, 'BAD_USER_INPUT', err.message, { reason: 'export' });
      throw err;
    }
    const first = await runner.context(req, res);
    if (!first.viewer) return signInFirst(res);
    const text = print(prepared.document);
    const vars = (typeof variables === 'object' && variables !== null ? variables : {}) as Record<string, unknown>;

    // The first page decides the answer's status: a refused query is a GraphQL error, not an empty file.
    let ctx = first;
    await runner.limit(ctx, req);
    let page = await runner.execute(ctx, text, prepared.paged ? { ...vars, __exportFirst: MAX_PAGE_SIZE, __exportAfter: null } : vars);
    const fatal = page.errors?.find((e) => !e.path || e.path.length <= 1);
    if (fatal || !page.data?.[prepared.root]) {
      return sendError(res, 400, String(fatal?.extensions?.code ?? 'BAD_USER_INPUT') as never, 'The list could not be read', { reason: 'export' });
    }
    const name = `zeren-${prepared.root}-${new Date().toISOString().slice(0, 10)}.${format}`;
    res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    const sheet = format === 'csv' ? csvSheet(res) : xlsxSheet(res, prepared.root);
    sheet.header(prepared.columns.map((c) => c.header));
    let rows = 0;
    for (;;) {
      // A plain list is one page whose items are the nodes (paths: root, i, …field).
      const connection = prepared.paged
        ? page.data![prepared.root] as { edges: { node: unknown }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
        : { edges: (page.data![prepared.root] as unknown[]).map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } };
      const depth = prepared.paged ? 4 : 2;
      // Field rules refuse at a path (root, edges, i, node, …field): that field's cells of that row are marked.
      const refused = new Map<number, string[]>();
      for (const e of page.errors ?? []) {
        if (e.extensions?.code !== 'FORBIDDEN' || !e.path || e.path.length <= depth) continue;
        const at = e.path.slice(depth).filter((p) => typeof p === 'string').join('.');
        const index = Number(e.path[depth - 2 + (prepared.paged ? 0 : 1)]);
        refused.set(index, [...(refused.get(index) ?? []), at]);
      }
      for (const [i, edge] of connection.edges.entries()) {
        const marks = refused.get(i) ?? [];
        await sheet.row(prepared.columns.map((c) => {
          const path = c.path.join('.');
          return cell(edge.node, c.path, marks.some((at) => path === at || path.startsWith(`${at}.`)));
        }));
      }
      rows += connection.edges.length;
      if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
      ctx = await runner.context(req, res);
      await runner.limit(ctx, req);
      page = await runner.execute(ctx, text, { ...vars, __exportFirst: MAX_PAGE_SIZE, __exportAfter: connection.pageInfo.endCursor });
      if (!page.data?.[prepared.root]) {
        log.warn({ requestId: res.locals.requestId }, 'export stopped: a page could not be read');
        break;
      }
    }
    // Audited before the file ends, so whoever receives it can find its entry.
    await first.db.transaction((em) => recordOwnAction(em, first, {
      operation: 'export', recordType: 'Official', recordId: first.viewer!.officialId, after: { list: prepared.root, format, rows, variables: vars },
    }));
    await sheet.end();
  };
}
