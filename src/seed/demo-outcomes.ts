// Demo of what inspections and assessments lead to (issue 13, points 4 and 5), as updates of
// rows the other demo seeds made (no new records, so their figures stay as they are):
// inspectors' leads name the target they were reported on; the interview of the last-ranked
// district names the assessment behind it; last year's assessments with rectification
// requirements and no check recorded get a follow-up due day, every other one already overdue.
import { Like, Not, IsNull, type EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import { Assessment, InspectionTarget, Interview, InterviewParticipant, Lead } from '../entities';

export async function seedOutcomes(em: EntityManager, cityId: number): Promise<void> {
  const day = today();
  const last = Number(day.slice(0, 4)) - 1;

  // The demo city's rows; a target, like an assessment, is in its unit's city.
  for (const lead of await em.findBy(Lead, { cityId, inspectionId: Not(IsNull()) })) {
    const target = await em.findOneBy(InspectionTarget, { cityId, inspectionId: lead.inspectionId!, unitId: lead.unitId });
    if (target) await em.update(Lead, { id: lead.id }, { targetId: target.id });
  }

  for (const interview of await em.findBy(Interview, { cityId, reason: Like('%排名靠后%') })) {
    const assessment = await em.findOneBy(Assessment, { cityId, unitId: interview.unitId, year: last });
    if (assessment) await em.update(InterviewParticipant, { interviewId: interview.id }, { assessmentId: assessment.id });
  }

  const open = await em.find(Assessment, { where: { cityId, year: last, requirements: Not(IsNull()), followUpOn: IsNull() }, order: { id: 'ASC' } });
  for (const [i, a] of open.entries()) await em.update(Assessment, { id: a.id }, { followUpDueOn: addDays(day, i % 2 ? -10 : 20) });
}
