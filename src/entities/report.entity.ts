// 报告: WRITTEN (the previous year's, due 31 January) or ORAL (述责述廉, with questions).
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ReportKind } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('report')
@Index('IDX_report_city_unit', ['cityId', 'unitId'])
@Index('IDX_report_unit_year', ['unitId', 'year', 'kind'])
@ObjectType({ implements: Node, description: '述责述廉 A written or oral report of a unit' })
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
}
