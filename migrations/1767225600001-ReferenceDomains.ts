// Reference data: the domains (领域) named by the seeds. Codes are stable; names are display text.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const DOMAINS: readonly [code: string, name: string][] = [
  ['AGRICULTURE', '农业农村'],
  ['EDUCATION', '教育'],
  ['HEALTH', '卫生健康'],
  ['TRANSPORT', '交通'],
  ['CONSTRUCTION_BIDDING', '工程建设招投标'],
  ['ECOLOGY', '生态环境'],
  ['WORK_SAFETY', '安全生产'],
  ['CIVIL_AFFAIRS', '民政'],
  ['FINANCE', '财政'],
  ['PARTY_BUILDING', '党建'],
  ['DISCIPLINE_INSPECTION', '纪检监察'],
  ['URBAN_MANAGEMENT', '城市管理'],
];

export class ReferenceDomains1767225600001 implements MigrationInterface {
  name = 'ReferenceDomains1767225600001';

  async up(qr: QueryRunner): Promise<void> {
    await qr.manager.createQueryBuilder().insert().into('domain', ['code', 'name'])
      .values(DOMAINS.map(([code, name]) => ({ code, name }))).execute();
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.manager.createQueryBuilder().delete().from('domain')
      .where('code IN (:...codes)', { codes: DOMAINS.map(([code]) => code) }).execute();
  }
}
