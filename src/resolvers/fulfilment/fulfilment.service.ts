// 履行主体责任记实 (seeds 000 and 001): an official's fulfilment record of a year, gathered
// across every post they held in it: tasks led with their progress, notices received and
// their outcome, quarterly ratings, letters, reports and hearing parts with the questions put
// to them, interviews, accountability records, and the assessments of the units they led.
// Read by the integrity file's readers (accountabilityService.readsFileOf); each section then
// lists what the record's own rule lets the viewer read (its service's visible()). One
// statement per section, run only when the section is selected.
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { RECORD_READERS, scopeRoots, unitInScope } from '../../auth/scope';
import type { Context } from '../../context';
import {
  Post, TaskRating, type AccountabilityRecord, type Assessment, type Interview, type Notice, type Official, type Report,
  type ResponsibilityLetter, type Task,
} from '../../entities';
import { PostRole } from '../../schema/enums';
import { encodeId } from '../../schema/node';
import { accountabilityService } from '../accountability/accountability.service';
import { assessmentService } from '../assessments/assessment.service';
import { noticeService } from '../notices/notice.service';
import { interviewService } from '../reports/interview.service';
import { reportService } from '../reports/report.service';
import { letterService } from '../responsibility/letter.service';
import { taskService } from '../tasks/task.service';

/** The official and the year of a fulfilment record the viewer may read. */
export interface FulfilmentData {
  official: Official;
  year: number;
}

/**
 * "A post of the official held at some time in the year", as a subquery of post ids (or,
 * with `column`, of another column of those posts), with its parameters added to `qb`.
 */
function postsOfYear<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: FulfilmentData, column = 'id', roles?: readonly PostRole[]): string {
  // An official's posts are all in their city (officialService refuses others): the city leads.
  qb.setParameters({
    ffCity: f.official.cityId, ffOfficial: f.official.id, ffFirst: `${f.year}-01-01`, ffLast: `${f.year}-12-31`, ...(roles ? { ffRoles: roles } : {}),
  });
  return `(SELECT ffp.${column} FROM post ffp WHERE ffp.cityId = :ffCity AND ffp.officialId = :ffOfficial AND ffp.since <= :ffLast`
    + ` AND (ffp.until IS NULL OR ffp.until >= :ffFirst)${roles ? ' AND ffp.role IN (:...ffRoles)' : ''})`;
}

export const fulfilmentService = {
  /** The record, or null when the viewer does not read the official's file (as the integrity file). */
  async get(ctx: Context, official: Official, year: number): Promise<FulfilmentData | null> {
    return (await accountabilityService.readsFileOf(ctx, official)) ? { official, year } : null;
  },

  /** The posts held at some time in the year, by first day. */
  posts(ctx: Context, f: FulfilmentData): Promise<Post[]> {
    const qb = ctx.db.getRepository(Post).createQueryBuilder('p');
    return qb.where(`p.id IN ${postsOfYear(qb, f)}`).orderBy('p.since').addOrderBy('p.id').getMany();
  },

  /** 重点任务 of the year whose responsible leader was one of the posts. */
  tasksLed(ctx: Context, f: FulfilmentData): Promise<Task[]> {
    const qb = taskService.visible(ctx);
    return qb.andWhere('t.year = :ffYear', { ffYear: f.year }).andWhere(`t.leaderPostId IN ${postsOfYear(qb, f)}`).orderBy('t.id').getMany();
  },

  /** 告知书 issued (received) in the year on any of the official's posts, with their state (the outcome). */
  async noticesReceived(ctx: Context, f: FulfilmentData): Promise<Notice[]> {
    const qb = await noticeService.filtered(ctx, { recipientOfficialId: encodeId('Official', f.official.id), year: f.year, subtree: true });
    return qb.andWhere('n.issuedAt IS NOT NULL').orderBy('n.id').getMany();
  },

  /** 季度亮灯: the ratings of the year of the tasks led, where the viewer reads the task's internals. */
  ratings(ctx: Context, f: FulfilmentData): Promise<TaskRating[]> {
    const qb = ctx.db.getRepository(TaskRating).createQueryBuilder('r').innerJoin('task', 't', 't.id = r.taskId AND t.cityId = r.cityId');
    const scoped = unitInScope(qb, 't.unitId', scopeRoots(ctx.viewer, RECORD_READERS), 't.cityId');
    return qb.where('r.year = :ffYear', { ffYear: f.year }).andWhere(`t.leaderPostId IN ${postsOfYear(qb, f)}`)
      .andWhere(scoped.sql, scoped.params).orderBy('r.quarter').addOrderBy('r.id').getMany();
  },

  /** 责任书 of the year addressed to one of the posts, or signed by the official. */
  letters(ctx: Context, f: FulfilmentData): Promise<ResponsibilityLetter[]> {
    const qb = letterService.visible(ctx);
    return qb.andWhere('l.year = :ffYear', { ffYear: f.year })
      .andWhere(`(l.signerPostId IN ${postsOfYear(qb, f)} OR l.signedByOfficialId = :ffOfficial)`).orderBy('l.id').getMany();
  },

  /** Written and oral reports on the year given from one of the posts (hearing parts apart). */
  reports(ctx: Context, f: FulfilmentData, hearingParts: boolean): Promise<Report[]> {
    const qb = reportService.visible(ctx);
    return qb.andWhere('r.year = :ffYear', { ffYear: f.year }).andWhere(`r.reporterPostId IN ${postsOfYear(qb, f)}`)
      .andWhere(hearingParts ? 'r.hearingId IS NOT NULL' : 'r.hearingId IS NULL').orderBy('r.id').getMany();
  },

  /** 约谈 held in the year with the official among the interviewees. */
  interviews(ctx: Context, f: FulfilmentData): Promise<Interview[]> {
    return interviewService.visible(ctx)
      .andWhere('i.heldOn >= :ffFirst AND i.heldOn <= :ffLast', { ffFirst: `${f.year}-01-01`, ffLast: `${f.year}-12-31` })
      .andWhere('i.id IN (SELECT ffi.interviewId FROM interview_participant ffi WHERE ffi.officialId = :ffOfficial)', { ffOfficial: f.official.id })
      .orderBy('i.heldOn').addOrderBy('i.id').getMany();
  },

  /** 问责 decided in the year: every revision, newest decision first (as the integrity file). */
  accountabilityRecords(ctx: Context, f: FulfilmentData): Promise<AccountabilityRecord[]> {
    return accountabilityService.visible(ctx).andWhere('r.officialId = :ffOfficial', { ffOfficial: f.official.id })
      .andWhere('r.decidedOn >= :ffFirst AND r.decidedOn <= :ffLast', { ffFirst: `${f.year}-01-01`, ffLast: `${f.year}-12-31` })
      .orderBy('r.decidedOn', 'DESC').addOrderBy('r.id', 'DESC').getMany();
  },

  /** 考核 of the year of the units where the official was principal (SECRETARY) in it. */
  assessments(ctx: Context, f: FulfilmentData): Promise<Assessment[]> {
    const qb = assessmentService.visible(ctx);
    return qb.andWhere('a.year = :ffYear', { ffYear: f.year }).andWhere(`a.unitId IN ${postsOfYear(qb, f, 'unitId', [PostRole.SECRETARY])}`)
      .orderBy('a.id').getMany();
  },
};
