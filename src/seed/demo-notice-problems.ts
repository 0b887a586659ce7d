// Demo: each district's notice on the villages' collective "three assets" (seed 000, Wanzhou:
// "清产核资不精准、管理制度不统一、监督管理不严密等4类14个问题") lists its 14 problems as
// records in 4 categories, each answered by the recipient's written report (the notice is closed).
import type { EntityManager } from 'typeorm';
import { Notice, Problem } from '../entities';
import { Severity } from '../schema/enums';

export const SANZI_TITLE = '关于加强村(社区)集体"三资"管理的告知书';

const PROBLEMS: [category: string, description: string, answer: string][] = [
  ['清产核资不精准', '部分村集体资产底数不清, 账实不符', '逐村开展资产清查, 建立资产台账'],
  ['清产核资不精准', '资源性资产未登记入账', '资源性资产全部登记入账'],
  ['清产核资不精准', '经营性资产价值评估不准确', '委托第三方重新评估'],
  ['清产核资不精准', '清查结果未按规定公示', '清查结果在村务公开栏公示'],
  ['管理制度不统一', '各镇乡集体资产管理制度不统一', '出台全区统一的指导意见'],
  ['管理制度不统一', '资产登记保管制度缺失', '建立资产登记保管制度'],
  ['管理制度不统一', '资产使用处置无明确程序', '印发使用处置示范性文本'],
  ['管理制度不统一', '合同管理制度不健全', '建立合同台账和审查制度'],
  ['监督管理不严密', '集体经济收支票据审批流于形式', '票据网上审批, 全程留痕'],
  ['监督管理不严密', '村务监督委员会作用发挥不充分', '明确村务监督委员会监督清单'],
  ['监督管理不严密', '镇乡对村级财务审计覆盖不全', '年度审计全覆盖'],
  ['收益分配不规范', '集体经营收益分配方案未经民主程序', '收益分配方案经村民代表会议通过'],
  ['收益分配不规范', '部分收益长期挂账未分配', '清理挂账, 按方案分配'],
  ['收益分配不规范', '非现金结算推行不到位', '推行电子银行非现金结算'],
];

/** The 14 problem records of every district's "三资" notice, answered by its report. */
export async function seedNoticeProblems(em: EntityManager, cityId: number): Promise<void> {
  const notices = await em.find(Notice, { where: { cityId, title: SANZI_TITLE }, order: { id: 'ASC' } });
  for (const n of notices) {
    const found = n.issuedAt ?? n.createdAt;
    await em.insert(Problem, PROBLEMS.map(([category, description, answer], i) => ({
      cityId: n.cityId, unitId: n.unitId, domainId: n.domainId, source: n.source, severity: i % 4 === 0 ? Severity.SERIOUS : Severity.GENERAL,
      description, category, inspectionId: null, noticeId: n.id, caseId: n.caseId,
      answer: n.reportedAt ? answer : null, answeredAt: n.reportedAt, createdByOfficialId: n.draftedByOfficialId, createdAt: found,
    })));
  }
}
