// 申诉: the official concerned appeals one revision of an accountability record; the
// deciding side answers once (upheld, changed by a new revision, or revoked). Rows are
// never deleted: a record keeps every appeal. The record's official, unit and issuer are
// copied here (the record is immutable) so the scope is a condition on the appeal's own columns.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AppealOutcome } from '../schema/enums';
import { Node } from '../schema/node';
import { AccountabilityRecord } from './accountability-record.entity';
import { AccountabilityRevocation } from './accountability-revocation.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('appeal')
@Index('IDX_appeal_city_unit', ['cityId', 'unitId'])
@Index('IDX_appeal_city_issuer', ['cityId', 'issuerUnitId'])
@Index('IDX_appeal_record', ['recordId'])
@Index('IDX_appeal_official', ['officialId'])
@Index('IDX_appeal_unit', ['unitId'])
@Index('IDX_appeal_due', ['cityId', 'answeredOn', 'answerDueOn'])
@ObjectType({ implements: Node, description: '申诉 An appeal by the official concerned against an accountability record, and its answer' })
export class Appeal extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /** The appealed revision (current and not revoked when the appeal was made). */
  @Column({ type: 'int' })
  recordId!: number;

  @ManyToOne(() => AccountabilityRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recordId', foreignKeyConstraintName: 'FK_appeal_record' })
  record?: Relation<AccountabilityRecord>;

  /** The record's official: the appellant. */
  @Column({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_appeal_official' })
  official?: Relation<Official>;

  /** The record's unit. */
  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_appeal_unit' })
  unit?: Relation<OrgUnit>;

  /** The record's issuer unit (the deciding DISCIPLINE post's unit). */
  @Column({ type: 'int' })
  issuerUnitId!: number;

  @Field(() => String, { nullable: true, description: '申诉理由 The grounds (the official, and DISCIPLINE in scope: the readers of the record\'s reason)' })
  @Column({ type: 'text' })
  grounds!: string;

  @Field({ description: '申诉日期 The day it was filed (YYYY-MM-DD, server time)' })
  @Column({ type: 'date' })
  filedOn!: string;

  @Field({ description: 'When it was filed (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: '答复期限 The day the answer is due: filedOn plus ZEREN_APPEAL_ANSWER_DAYS (30 by default)' })
  @Column({ type: 'date' })
  answerDueOn!: string;

  @Field(() => AppealOutcome, { nullable: true, description: '处理结果; null while open' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: AppealOutcome | null;

  @Field(() => String, { nullable: true, description: '答复理由 The answer\'s reasons (the readers of the grounds); null while open' })
  @Column({ type: 'text', nullable: true })
  reasons!: string | null;

  @Field(() => String, { nullable: true, description: '答复日期 The day it was answered (YYYY-MM-DD, server time); null while open' })
  @Column({ type: 'date', nullable: true })
  answeredOn!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was answered (server time); null while open' })
  @Column({ type: 'datetime', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  answeredByOfficialId!: number | null;

  /** CHANGED: the revision the answer made. */
  @Column({ type: 'int', nullable: true })
  revisionId!: number | null;

  @ManyToOne(() => AccountabilityRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revisionId', foreignKeyConstraintName: 'FK_appeal_revision' })
  revision?: Relation<AccountabilityRecord>;

  /** REVOKED: the revocation the answer made. */
  @Column({ type: 'int', nullable: true })
  revocationId!: number | null;

  @ManyToOne(() => AccountabilityRevocation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revocationId', foreignKeyConstraintName: 'FK_appeal_revocation' })
  revocation?: Relation<AccountabilityRevocation>;
}
