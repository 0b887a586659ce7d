// 督办单: DISCIPLINE in scope, or the OFFICE or SECRETARY of a unit above, urges the post
// that answers for an overdue or RED record (a key task, a notice, a rectification item)
// and sets a day for the reply. The record's unit keeps it; the urged post replies once.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UrgingSubject } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('urging')
@Index('IDX_urging_city_unit', ['cityId', 'unitId', 'createdAt'])
@Index('IDX_urging_urged_open', ['urgedPostId', 'repliedOn'])
@Index('IDX_urging_subject', ['subjectType', 'subjectId'])
@Index('IDX_urging_issuer_unit', ['issuerUnitId'])
@ObjectType({ implements: Node, description: '督办单 An urging: a superior tells the post answering for an overdue or RED record to act, and to reply by a day' })
export class Urging extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /**
   * The urged record's unit: the task's unit, the notice's recipient post's unit (the unit
   * that rectifies), the rectification item's problem unit. Scope and the portrait use it.
   */
  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_urging_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => UrgingSubject, { description: '督办对象: the kind of record urged' })
  @Column({ type: 'varchar', length: 24 })
  subjectType!: UrgingSubject;

  /** The urged record's id in its own table (task, notice, rectification_item). */
  @Column({ type: 'int' })
  subjectId!: number;

  /** The post that must answer: the task's leader, the notice's recipient, the item's owner. */
  @Column({ type: 'int' })
  urgedPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'urgedPostId', foreignKeyConstraintName: 'FK_urging_urged_post' })
  urgedPost?: Relation<Post>;

  /** The viewer's post that urged (DISCIPLINE in scope, or OFFICE/SECRETARY above). */
  @Column({ type: 'int' })
  issuerPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuerPostId', foreignKeyConstraintName: 'FK_urging_issuer_post' })
  issuerPost?: Relation<Post>;

  /** The issuer post's unit: the urging side keeps seeing it even if the urged unit moves away. */
  @Column({ type: 'int' })
  issuerUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuerUnitId', foreignKeyConstraintName: 'FK_urging_issuer_unit' })
  issuerUnit?: Relation<OrgUnit>;

  @Field({ description: '督办内容 What the issuer asks for' })
  @Column({ type: 'text' })
  content!: string;

  @Field({ description: '回复期限 The day the reply is due (YYYY-MM-DD, in the configured time zone)' })
  @Column({ type: 'date' })
  replyDueOn!: string;

  @Field({ description: 'When it was issued (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: '回复 The urged post\'s reply; null until it replies' })
  @Column({ type: 'text', nullable: true })
  reply!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the reply came in (server time); null until then' })
  @Column({ type: 'datetime', nullable: true })
  repliedAt!: Date | null;

  /** The calendar day of repliedAt in the configured zone: "replied late" is a plain comparison with replyDueOn. */
  @Column({ type: 'date', nullable: true })
  repliedOn!: string | null;

  /** The post that replied (the urged post; kept as the reply's author). */
  @Column({ type: 'int', nullable: true })
  repliedByPostId!: number | null;
}
