// Every problem has its found day (foundOn): an imported one the day its file gives, a live
// one the day it is recorded (set on insert by ProblemFoundOnSubscriber), a notice's the day
// the notice is issued (null while it is a draft). The rows written
// before are given the day of their createdAt, and the portrait counts problems of a year by
// foundOn alone, on an index of (cityId, unitId, foundOn): one range, no OR across columns.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './portable';

export class ProblemFoundOn1767225600020 implements MigrationInterface {
  name = 'ProblemFoundOn1767225600020';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query('UPDATE problem SET foundOn = DATE(createdAt) WHERE foundOn IS NULL AND noticeId IS NULL');
    // A notice's problems were found when it was issued (a draft's are not found yet).
    await qr.query(`UPDATE problem SET foundOn = (SELECT DATE(n.issuedAt) FROM notice n WHERE n.id = problem.noticeId)
      WHERE foundOn IS NULL AND noticeId IS NOT NULL`);
    await qr.createIndex('problem', index('IDX_problem_unit_found', ['cityId', 'unitId', 'foundOn']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('problem', 'IDX_problem_unit_found');
  }
}
