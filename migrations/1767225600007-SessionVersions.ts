// Sessions that end (issue 11): each account carries a session version, copied into the
// tokens it signs in with; a password change, a deactivation or reactivation, or "sign
// out everywhere" bumps it, and every earlier token stops working at once.
import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { intColumn } from './portable';

export class SessionVersions1767225600007 implements MigrationInterface {
  name = 'SessionVersions1767225600007';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('account', new TableColumn({ ...intColumn(qr, 'sessionVersion'), default: 0 }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('account', 'sessionVersion');
  }
}
