// Reads that say their city (the portable rules: every read names its city, the future shard key).
// - A problem's rectification items are read by the problem's city and id. The portrait's
//   problems section read them from the covering index (problemId, status, deadline); with the
//   city in the join each item was read from its row (0.20 -> 0.26 s per statement on the bench
//   city). The same covering index, led by the city, serves the join as before.
// - A file's attachments are looked up in the file's city, which is its uploader's. An upload
//   made while its uploader held no post was stored under city 0: it gets the uploader's city.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './portable';

export class CityKeys1767225600021 implements MigrationInterface {
  name = 'CityKeys1767225600021';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('rectification_item', index('IDX_rectification_item_city_problem', ['cityId', 'problemId', 'status', 'deadline']));
    await qr.query(`UPDATE stored_file SET cityId = (SELECT o.cityId FROM official o WHERE o.id = stored_file.uploadedByOfficialId)
      WHERE cityId = 0`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('rectification_item', 'IDX_rectification_item_city_problem');
  }
}
