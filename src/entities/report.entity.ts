// 报告: WRITTEN (the previous year's, due 31 January) or ORAL (述责述廉, with questions).
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ReportKind } from '../schema/enums';
import { Node } from '../schema/node';
import { Hearing } from './hearing.entity';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('report')
@Index('IDX_report_city_unit', ['cityId', 'unitId'])
@Index('IDX_report_unit_year', ['unitId', 'year', 'kind'])
@Index('IDX_report_hearing', ['hearingId', 'reporterPostId'], { unique: true })
@Index('IDX_report_year_reporter', ['year', 'reporterPostId'])
@ObjectType({ implements: Node, description: '述责述廉 A written or oral report of a unit (an oral one may be one reporter\'s part of a hearing)' })
export class Report extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_report_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: 'The year reported on' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => ReportKind, { description: '报告形式' })
  @Column({ type: 'varchar', length: 16 })
  kind!: ReportKind;

  @Column({ type: 'int' })
  reporterPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reporterPostId', foreignKeyConstraintName: 'FK_report_reporter_post' })
  reporterPost?: Relation<Post>;

  @Field({ description: '报告内容 (ORAL: the subject of the hearing until the reporter gives the text)' })
  @Column({ type: 'text' })
  content!: string;

  @Field(() => String, { nullable: true, description: 'WRITTEN: 31 January of the next year' })
  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Field(() => Date, { nullable: true, description: 'WRITTEN: when it was submitted (server time); null while a draft, and for ORAL' })
  @Column({ type: 'datetime', nullable: true })
  submittedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'ORAL: the day of the hearing' })
  @Column({ type: 'date', nullable: true })
  heldOn!: string | null;

  @Field({ description: 'When it was drafted or scheduled (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** ORAL: the hearing (述责述廉 会议) this is one reporter's part of; null for a report on its own. */
  @Column({ type: 'int', nullable: true })
  hearingId!: number | null;

  @ManyToOne(() => Hearing, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hearingId', foreignKeyConstraintName: 'FK_report_hearing' })
  hearing?: Relation<Hearing>;

  // 测评: the evaluation of a hearing part, counted once (all null until recorded).
  @Column({ type: 'int', nullable: true })
  satisfiedVotes!: number | null;

  @Column({ type: 'int', nullable: true })
  basicallySatisfiedVotes!: number | null;

  @Column({ type: 'int', nullable: true })
  unsatisfiedVotes!: number | null;

  @Column({ type: 'datetime', nullable: true })
  evaluatedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  evaluatedByOfficialId!: number | null;
}
