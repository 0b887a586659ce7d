// Notice problems as records (issue 13, point 1): a notice's problems are Problem rows with
// a category label and the recipient's per-problem answer. Provenance of adopted list items
// (point 11): the unit where an adopted item started, carried through every tier; existing
// adopted items are traced back through their sources once, here.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn } from 'typeorm';
import { datetimeColumn, foreignKey, index, intColumn, textColumn } from './portable';

interface ItemRow { id: number | string; sourceItemId: number | string | null; sourceUnitId: number | string | null }

export class NoticeProblems1767225600015 implements MigrationInterface {
  name = 'NoticeProblems1767225600015';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('problem', [
      new TableColumn(textColumn(qr, 'category', 100, true)),
      new TableColumn(textColumn(qr, 'answer', 'text', true)),
      new TableColumn(datetimeColumn('answeredAt', true)),
    ]);
    // The per-category counts of a notice list read the problems of the notices by category.
    await qr.createIndex('problem', index('IDX_problem_notice_category', ['noticeId', 'category']));

    await qr.addColumn('responsibility_item', new TableColumn(intColumn(qr, 'originUnitId', true)));
    // The index first: MySQL then enforces the foreign key with it rather than one of its own.
    await qr.createIndex('responsibility_item', index('IDX_responsibility_item_origin', ['originUnitId']));
    await qr.createForeignKey('responsibility_item', foreignKey('FK_responsibility_item_origin_unit', 'originUnitId', 'org_unit'));
    await backfillOrigins(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropForeignKey('responsibility_item', 'FK_responsibility_item_origin_unit');
    await qr.dropIndex('responsibility_item', 'IDX_responsibility_item_origin');
    await qr.dropColumn('responsibility_item', 'originUnitId');
    await qr.dropIndex('problem', 'IDX_problem_notice_category');
    await qr.dropColumns('problem', ['category', 'answer', 'answeredAt']);
  }
}

/**
 * An adopted item's origin is its source item's origin, or the source's unit when the source
 * was written there (a local item). Walked in memory (one read, then one UPDATE per origin unit
 * in chunks): MySQL cannot update a table from a subquery on itself.
 */
export async function backfillOrigins(qr: QueryRunner): Promise<void> {
  const rows: ItemRow[] = await qr.query('SELECT id, sourceItemId, sourceUnitId FROM responsibility_item WHERE sourceItemId IS NOT NULL');
  if (!rows.length) return;
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const originOf = (row: ItemRow, depth = 0): number | null => {
    const source = byId.get(Number(row.sourceItemId));
    // The source is local (not itself adopted) or gone: the item started at the source's unit.
    if (!source || depth > 10) return row.sourceUnitId === null ? null : Number(row.sourceUnitId);
    return originOf(source, depth + 1);
  };
  const idsByOrigin = new Map<number, number[]>();
  for (const row of rows) {
    const origin = originOf(row);
    if (origin !== null) idsByOrigin.set(origin, [...(idsByOrigin.get(origin) ?? []), Number(row.id)]);
  }
  for (const [origin, ids] of idsByOrigin) {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await qr.query(`UPDATE responsibility_item SET originUnitId = ? WHERE id IN (${chunk.map(() => '?').join(', ')})`, [origin, ...chunk]);
    }
  }
}
