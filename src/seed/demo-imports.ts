// Demo of the historical import (issue 13, point 8): the city's ADMIN brought in a past
// year (three years back) from a CSV file: problems found then at streets of each
// district, accountability records decided then, and the districts' assessments of that
// year, each marked with its batch and row. Direct inserts, as the other demo seeds (the
// file's row is kept, not its content: its download answers 404 in the demo).
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { today } from '../clock';
import { AccountabilityRecord, Assessment, Domain, ImportBatch, Problem, StoredFile } from '../entities';
import { CSV_TYPE } from '../files';
import { Failure, Grade, ImportKind, ImportStatus, Measure, PostRole, Severity, SupervisionSource } from '../schema/enums';
import { holder, type Staffed } from './demo';

const PROBLEMS = ['村级财务公开不及时', '惠民资金发放审核不严', '工程项目招投标程序不规范'];

export async function seedImports(em: EntityManager, city: Staffed): Promise<void> {
  const year = Number(today().slice(0, 4)) - 3;
  const admin = holder(city, PostRole.ADMIN);
  const domain = await em.findOneByOrFail(Domain, { code: 'AGRICULTURE' });
  const at = new Date();
  const batch = async (kind: ImportKind, name: string, rows: number): Promise<ImportBatch> => {
    const sha256 = createHash('sha256').update(`${kind}/${year}`).digest('hex');
    const file = await em.insert(StoredFile, {
      cityId: city.unit.cityId, sha256, size: rows * 60, contentType: CSV_TYPE, name, uploadedByOfficialId: admin.official.id, createdAt: at, attachedAt: at,
    });
    const { identifiers } = await em.insert(ImportBatch, {
      cityId: city.unit.cityId, kind, status: ImportStatus.IMPORTED, fileId: Number(file.identifiers[0].id), fileName: name, sha256,
      importedByOfficialId: admin.official.id, createdAt: at, importedAt: at, rowCount: rows, issueCount: 0, importedCount: rows, issues: '[]',
    });
    return em.findOneByOrFail(ImportBatch, { id: Number(identifiers[0].id) });
  };

  const streets = city.children.flatMap((d) => d.children.filter((s) => s.children.length));
  const problems = await batch(ImportKind.PROBLEMS, `${year}年问题清单.csv`, streets.length * PROBLEMS.length);
  let row = 1;
  for (const street of streets) {
    for (const [i, description] of PROBLEMS.entries()) {
      row += 1;
      await em.insert(Problem, {
        cityId: street.unit.cityId, unitId: street.unit.id, domainId: domain.id, source: SupervisionSource.DAILY_SUPERVISION,
        severity: i === 2 ? Severity.SERIOUS : Severity.GENERAL, description: `${description} (${year}年)`, foundOn: `${year}-0${3 + i * 3}-15`,
        inspectionId: null, noticeId: null, caseId: null, createdByOfficialId: admin.official.id, createdAt: at,
        importBatchId: problems.id, importRow: row,
      });
    }
  }

  const districts = city.children;
  const records = await batch(ImportKind.ACCOUNTABILITY, `${year}年问责情况.csv`, districts.length);
  for (const [i, district] of districts.entries()) {
    const who = holder(district, PostRole.TEAM_MEMBER) ?? holder(district, PostRole.SECRETARY);
    await em.insert(AccountabilityRecord, {
      cityId: district.unit.cityId, officialId: who.official.id, postId: null, unitId: district.unit.id, issuerUnitId: city.unit.id, caseId: null,
      failure: i % 2 ? Failure.SUPERVISION_RESPONSIBILITY : Failure.MAIN_RESPONSIBILITY,
      measure: [Measure.ADMONISHMENT_TALK, Measure.CRITICISM_NOTICE, Measure.WARNING][i % 3], decidedOn: `${year}-1${i % 3}-20`,
      reason: `${year}年度主体责任落实不力 (历史导入)`, revisionOf: null, createdByOfficialId: admin.official.id, createdAt: at,
      importBatchId: records.id, importRow: i + 2,
    });
  }

  const assessments = await batch(ImportKind.ASSESSMENTS, `${year}年度考核结果.csv`, districts.length);
  for (const [i, district] of districts.entries()) {
    const total = [9350, 8420, 7600][i % 3];
    await em.insert(Assessment, {
      cityId: district.unit.cityId, unitId: district.unit.id, assessorUnitId: city.unit.id, year, total,
      grade: [Grade.EXCELLENT, Grade.GOOD, Grade.FAIR][i % 3], vetoed: false, vetoReason: null, feedback: null, requirements: null,
      followUpOn: null, followUpResult: null, createdByOfficialId: admin.official.id, createdAt: at, updatedAt: at,
      importBatchId: assessments.id, importRow: i + 2,
    });
  }
}
