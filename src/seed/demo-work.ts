// Demo urgings (督办) and appeals (申诉), so the work queue, the notifications and the
// integrity file show them: the first district's DISCIPLINE urges two of its late key tasks
// (one reply awaited, one answered late); a team member of the second district appeals a
// recent notice of criticism (open), one of the third district had an appeal upheld.
// Direct inserts (no audit); dates relative to today.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import { config } from '../config';
import { AccountabilityRecord, Appeal, Task, Urging } from '../entities';
import { subtreeEnd } from '../auth/scope';
import { AppealOutcome, Failure, Measure, PostRole, TaskStatus, UrgingSubject } from '../schema/enums';
import { holder, type Staffed } from './demo';

export async function seedUrgingsAndAppeals(em: EntityManager, city: Staffed): Promise<void> {
  const day = today();
  const on = (n: number): string => addDays(day, n);
  const at = (n: number): Date => new Date(`${on(n)}T02:00:00Z`);
  const [d1, d2, d3] = city.children.filter((c) => c.unit.level === 'DISTRICT');

  // Urgings: the district's DISCIPLINE on its subtree's key tasks past a milestone (RED).
  const late = await em.getRepository(Task).createQueryBuilder('t')
    .innerJoin('org_unit', 'u', 'u.id = t.unitId')
    .where('t.cityId = :cityId AND u.path > :from AND u.path < :to', { cityId: d1.unit.cityId, from: d1.unit.path, to: subtreeEnd(d1.unit.path) })
    .andWhere('t.status <> :closed AND t.nextDueOn < :day', { closed: TaskStatus.CLOSED, day })
    .orderBy('t.nextDueOn', 'ASC').addOrderBy('t.id', 'ASC').limit(2).getMany();
  const discipline = holder(d1, PostRole.DISCIPLINE);
  for (const [i, task] of late.entries()) {
    const replied = i === 1;
    await em.insert(Urging, {
      cityId: task.cityId, unitId: task.unitId, subjectType: UrgingSubject.TASK, subjectId: task.id, urgedPostId: task.leaderPostId,
      issuerPostId: discipline.post.id, issuerUnitId: d1.unit.id,
      content: replied ? '任务节点已逾期, 请说明原因并提出补救措施' : '任务已亮红灯, 请于期限内书面说明进展和整改计划',
      replyDueOn: replied ? on(-6) : on(config.urgingReplyDays), createdAt: at(replied ? -12 : -1),
      reply: replied ? '已召开专题会议, 调整施工计划, 本月底前完成' : null, repliedAt: replied ? at(-4) : null,
      repliedOn: replied ? on(-4) : null, repliedByPostId: replied ? task.leaderPostId : null,
    });
  }

  // Appeals: one open (filed 3 days after a notice of criticism), one upheld last month.
  const appeal = async (s: Staffed, p: { decidedOn: number; filedOn: number; grounds: string; answered?: { on: number; reasons: string } }) => {
    const who = holder(s, PostRole.TEAM_MEMBER);
    const by = holder(s, PostRole.DISCIPLINE);
    const { identifiers } = await em.insert(AccountabilityRecord, {
      cityId: s.unit.cityId, officialId: who.official.id, postId: who.post.id, unitId: s.unit.id, issuerUnitId: s.unit.id, caseId: null,
      failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE, decidedOn: on(p.decidedOn),
      reason: '分管领域专项整治推进不力, 问题整改滞后', revisionOf: null, createdByOfficialId: by.official.id, createdAt: at(p.decidedOn),
    });
    const filedOn = on(p.filedOn);
    await em.insert(Appeal, {
      cityId: s.unit.cityId, recordId: Number(identifiers[0].id), officialId: who.official.id, unitId: s.unit.id, issuerUnitId: s.unit.id,
      grounds: p.grounds, filedOn, createdAt: at(p.filedOn), answerDueOn: addDays(filedOn, config.appeal.answerDays),
      outcome: p.answered ? AppealOutcome.UPHELD : null, reasons: p.answered?.reasons ?? null, answeredOn: p.answered ? on(p.answered.on) : null,
      answeredAt: p.answered ? at(p.answered.on) : null, answeredByOfficialId: p.answered ? by.official.id : null, revisionId: null, revocationId: null,
    });
  };
  await appeal(d2, { decidedOn: -6, filedOn: -3, grounds: '整改滞后系上级资金未及时拨付所致, 本人已多次书面报告' });
  await appeal(d3, {
    decidedOn: -45, filedOn: -40, grounds: '问题发生时本人尚未分管该领域',
    answered: { on: -20, reasons: '经核查, 问题发生时申诉人已分管该领域, 维持原处理' },
  });
}
