// The revocation of a record: the record stays, with this reason beside it.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { AccountabilityRecord } from './accountability-record.entity';

@Entity('accountability_revocation')
@Index('IDX_accountability_revocation_record', ['recordId'], { unique: true })
@ObjectType({ implements: Node, description: '撤销 The revocation of an accountability record' })
export class AccountabilityRevocation extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  recordId!: number;

  @ManyToOne(() => AccountabilityRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recordId', foreignKeyConstraintName: 'FK_accountability_revocation_record' })
  record?: Relation<AccountabilityRecord>;

  @Field({ description: '撤销理由 (DISCIPLINE in scope and the official only)' })
  @Column({ type: 'text' })
  reason!: string;

  @Field({ description: 'The day it was revoked (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  revokedOn!: string;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When the revocation was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
