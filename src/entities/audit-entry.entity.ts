// Append-only audit log: one row per mutation, written in the mutation's transaction.
// There is no update or delete path for it anywhere in the code.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../schema/node';

@Entity('audit_entry')
@Index('IDX_audit_entry_city_path', ['cityId', 'unitPath'])
@Index('IDX_audit_entry_at', ['at'])
@ObjectType({ implements: Node, description: '审计日志 One mutation, as recorded in the audit log' })
export class AuditEntry extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field({ description: 'Server time of the change' })
  @Column({ type: 'datetime' })
  at!: Date;

  /** Official who made the change; read through the officialById loader. */
  @Column({ type: 'int', nullable: true })
  actorOfficialId!: number | null;

  @Field({ description: 'The mutation, e.g. createOrgUnit' })
  @Column({ type: 'varchar', length: 60 })
  operation!: string;

  @Field({ description: 'The record type, e.g. OrgUnit' })
  @Column({ type: 'varchar', length: 40 })
  recordType!: string;

  @Column({ type: 'int' })
  recordId!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /** Path of the unit the record belonged to at the time (scope of the entry). */
  @Column({ type: 'varchar', length: 255 })
  unitPath!: string;

  /** JSON text; exposed parsed by AuditResolver. */
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  /** JSON text; exposed parsed by AuditResolver. */
  @Column({ type: 'text', nullable: true })
  after!: string | null;
}
