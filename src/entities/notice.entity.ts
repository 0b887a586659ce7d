// 告知书 (Wanzhou): drafted by DISCIPLINE, approved by the SECRETARY, issued by OFFICE to
// the leader in charge of a domain, answered by a written rectification report, closed by
// OFFICE. `version` guards every transition (compare-and-set).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { NoticeState, SupervisionSource } from '../schema/enums';
import { Node } from '../schema/node';
import { Domain } from './domain.entity';
import { NoticeCategory } from './notice-category.entity';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('notice')
@Index('IDX_notice_unit_state', ['unitId', 'state'])
@Index('IDX_notice_recipient', ['recipientPostId'])
@Index('IDX_notice_city_due', ['cityId', 'dueOn'])
@Index('IDX_notice_case', ['caseId'])
@ObjectType({ implements: Node, description: '告知书 A written notice to the leader in charge of a domain' })
export class Notice extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_notice_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int' })
  categoryId!: number;

  @ManyToOne(() => NoticeCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'categoryId', foreignKeyConstraintName: 'FK_notice_category' })
  category?: Relation<NoticeCategory>;

  @Column({ type: 'int' })
  domainId!: number;

  @ManyToOne(() => Domain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domainId', foreignKeyConstraintName: 'FK_notice_domain' })
  domain?: Relation<Domain>;

  @Column({ type: 'int' })
  recipientPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipientPostId', foreignKeyConstraintName: 'FK_notice_recipient_post' })
  recipientPost?: Relation<Post>;

  @Field({ description: '标题' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  // The summary as text (old clients write and read only this); each problem is a Problem record (problemRecords).
  @Field({ description: '存在问题: the summary text (derived from the problem records when the drafter gave none); each problem as a record: problemRecords' })
  @Column({ type: 'text' })
  problems!: string;

  @Field({ description: '建议措施' })
  @Column({ type: 'text' })
  measures!: string;

  @Field(() => SupervisionSource, { description: '问题来源' })
  @Column({ type: 'varchar', length: 24 })
  source!: SupervisionSource;

  @Column({ type: 'int', nullable: true })
  caseId!: number | null;

  @Field(() => NoticeState, { description: '告知书状态' })
  @Column({ type: 'varchar', length: 20 })
  state!: NoticeState;

  @Column({ type: 'int' })
  draftedByOfficialId!: number;

  @Column({ type: 'int', nullable: true })
  approvedByOfficialId!: number | null;

  @Field(() => Date, { nullable: true, description: 'When the SECRETARY approved it (server time); null before' })
  @Column({ type: 'datetime', nullable: true })
  approvedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When OFFICE issued it (server time); null before' })
  @Column({ type: 'datetime', nullable: true })
  issuedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "整改报告期限: issued + 3 calendar months, clamped to the month's end (YYYY-MM-DD)" })
  @Column({ type: 'date', nullable: true })
  dueOn!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the latest written report came in (server time); null before the first' })
  @Column({ type: 'datetime', nullable: true })
  reportedAt!: Date | null;

  @Field(() => String, { nullable: true, description: '书面整改报告' })
  @Column({ type: 'text', nullable: true })
  report!: string | null;

  @Field(() => Date, { nullable: true, description: 'When OFFICE closed it (server time); null while open' })
  @Column({ type: 'datetime', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'int' })
  version!: number;

  @Field({ description: 'When it was drafted (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'Last edit or step (server time)' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
