// Late entries (issue 12): each progress update keeps the due day it answered (the open
// milestone's, when posted) and the calendar day it was posted on, so "late, by how many
// days" is a comparison of two columns, counted by the portrait. Earlier rows stay unknown (null).
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateColumn } from './portable';

export class LateEntries1767225600010 implements MigrationInterface {
  name = 'LateEntries1767225600010';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('progress_update', [new TableColumn(dateColumn('dueOn', true)), new TableColumn(dateColumn('postedOn', true))]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('progress_update', 'postedOn');
    await qr.dropColumn('progress_update', 'dueOn');
  }
}
