// Who may take a step on a record, written once as data over the record's facts (its
// columns, or columns joined to it): allows() checks a record at hand (the mutation),
// sql() is the same rule as a condition over the columns that hold the facts (the
// viewer's work items, src/resolvers/work). style.md: "a rule written twice is a bug waiting".
import type { ObjectLiteral } from 'typeorm';
import type { PostRole } from '../schema/enums';
import { holdsPostAt, inScope, scopeRoots, subtreeEnd } from './scope';
import type { Viewer } from './viewer';

export interface SqlCondition {
  readonly sql: string;
  readonly params: ObjectLiteral;
}

/** The SQL expression that holds each fact a rule reads (only those it reads are needed). */
export type Columns<F> = { readonly [K in keyof F]?: string };

/**
 * A rule over the facts F of a record.
 *
 * - `allows(viewer, facts)`: the check of a record at hand, for the mutation.
 * - `sql(viewer, columns)`: the same rule as a SQL condition (false without a viewer).
 * - `possible(viewer)`: false when no record can pass for this viewer (then no statement is needed).
 */
export interface Actor<F> {
  allows(viewer: Viewer | null, facts: F): boolean;
  sql(viewer: Viewer | null, columns: Columns<F>): SqlCondition;
  possible(viewer: Viewer | null): boolean;
}

const FALSE: SqlCondition = { sql: '1 = 0', params: {} };

let seq = 0;
const param = (): string => `act${(seq = (seq + 1) % 1_000_000)}`;

function column<F>(columns: Columns<F>, fact: keyof F): string {
  const found = columns[fact];
  if (!found) throw new Error(`No SQL column given for the fact ${String(fact)}`);
  return found;
}

function inList(expression: string, values: readonly number[]): SqlCondition {
  if (!values.length) return FALSE;
  const p = param();
  return { sql: `${expression} IN (:...${p})`, params: { [p]: [...new Set(values)] } };
}

const unitsOf = (viewer: Viewer | null, roles: readonly PostRole[]): number[] =>
  (viewer?.posts ?? []).filter((p) => roles.includes(p.role)).map((p) => p.unitId);

/** The viewer holds the post the fact names (a task's leader, a notice's recipient, ...). */
export const holdsPost = <F>(fact: keyof F): Actor<F> => ({
  allows: (viewer, facts) => !!viewer?.posts.some((p) => p.id === facts[fact]),
  sql: (viewer, columns) => inList(column(columns, fact), viewer?.posts.map((p) => p.id) ?? []),
  possible: (viewer) => !!viewer?.posts.length,
});

/** The viewer holds a current post of one of these roles at exactly the unit the fact names. */
export const holdsRoleAt = <F>(fact: keyof F, roles: readonly PostRole[]): Actor<F> => ({
  allows: (viewer, facts) => holdsPostAt(viewer, facts[fact] as number, roles),
  sql: (viewer, columns) => inList(column(columns, fact), unitsOf(viewer, roles)),
  possible: (viewer) => unitsOf(viewer, roles).length > 0,
});

/** The viewer's posts of these roles cover the unit whose path (and city) the facts give: the scope rule. */
export const coversUnit = <F>(pathFact: keyof F, cityFact: keyof F, roles: readonly PostRole[]): Actor<F> => ({
  allows: (viewer, facts) => inScope(viewer, facts[pathFact] as string, roles),
  sql: (viewer, columns) => {
    const roots = scopeRoots(viewer, roles);
    if (!roots.length) return FALSE;
    const [path, city] = [column(columns, pathFact), column(columns, cityFact)];
    const params: ObjectLiteral = {};
    const parts = roots.map((root) => {
      const [c, from, to] = [param(), param(), param()];
      Object.assign(params, { [c]: root.cityId, [from]: root.path, [to]: subtreeEnd(root.path) });
      return `(${city} = :${c} AND ${path} >= :${from} AND ${path} < :${to})`;
    });
    return { sql: `(${parts.join(' OR ')})`, params };
  },
  possible: (viewer) => scopeRoots(viewer, roles).length > 0,
});

/** The viewer is not the official the fact names (nobody decides their own request). */
export const isNotViewer = <F>(fact: keyof F): Actor<F> => ({
  allows: (viewer, facts) => !!viewer && facts[fact] !== viewer.officialId,
  sql: (viewer, columns) => {
    if (!viewer) return FALSE;
    const [c, p] = [column(columns, fact), param()];
    return { sql: `(${c} IS NULL OR ${c} <> :${p})`, params: { [p]: viewer.officialId } };
  },
  possible: (viewer) => !!viewer,
});

/** The fact is null (a letter to a unit has no signing post). */
export const isNull = <F>(fact: keyof F): Actor<F> => ({
  allows: (_viewer, facts) => facts[fact] === null,
  sql: (_viewer, columns) => ({ sql: `${column(columns, fact)} IS NULL`, params: {} }),
  possible: () => true,
});

export const allOf = <F>(...rules: Actor<F>[]): Actor<F> => ({
  allows: (viewer, facts) => rules.every((r) => r.allows(viewer, facts)),
  sql: (viewer, columns) => {
    if (!rules.every((r) => r.possible(viewer))) return FALSE;
    const parts = rules.map((r) => r.sql(viewer, columns));
    return { sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params: Object.assign({}, ...parts.map((p) => p.params)) };
  },
  possible: (viewer) => rules.every((r) => r.possible(viewer)),
});

export const anyOf = <F>(...rules: Actor<F>[]): Actor<F> => ({
  allows: (viewer, facts) => rules.some((r) => r.allows(viewer, facts)),
  sql: (viewer, columns) => {
    // A branch no record can pass for this viewer is left out of the statement.
    const parts = rules.filter((r) => r.possible(viewer)).map((r) => r.sql(viewer, columns));
    if (!parts.length) return FALSE;
    return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: Object.assign({}, ...parts.map((p) => p.params)) };
  },
  possible: (viewer) => rules.some((r) => r.possible(viewer)),
});
