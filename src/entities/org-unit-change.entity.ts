// A change to the tree as recorded by an ADMIN: what changed, from when, and who recorded it.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OrgChangeKind } from '../schema/enums';

@Entity('org_unit_change')
@Index('IDX_org_unit_change_unit', ['unitId', 'effectiveOn'])
@ObjectType({ description: '组织调整记录 A change to a unit, with its effective date' })
export class OrgUnitChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @Field(() => OrgChangeKind, { description: '调整类型 What changed' })
  @Column({ type: 'varchar', length: 16 })
  kind!: OrgChangeKind;

  @Field({ description: 'The day the change took effect (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  effectiveOn!: string;

  @Column({ type: 'int', nullable: true })
  fromParentId!: number | null;

  @Column({ type: 'int', nullable: true })
  toParentId!: number | null;

  @Field(() => String, { nullable: true, description: 'The name before a rename' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  fromName!: string | null;

  @Field(() => String, { nullable: true, description: 'The name after a rename, or at creation' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  toName!: string | null;

  /** MERGE: the successor; SPLIT: the other side (the predecessor of a new unit, or a new unit of the predecessor). */
  @Column({ type: 'int', nullable: true })
  relatedUnitId!: number | null;

  @Field({ description: 'When the change was recorded (server time)' })
  @Column({ type: 'datetime' })
  recordedAt!: Date;

  @Column({ type: 'int', nullable: true })
  actorOfficialId!: number | null;
}
