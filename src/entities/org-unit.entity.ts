// An organisation unit (市/区/街道/社区/网格). `path` is the materialised ancestry
// ("/1/7/42/"), so "the subtree of U" is one indexed range condition.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UnitKind, UnitLevel } from '../schema/enums';
import { Node } from '../schema/node';

@Entity('org_unit')
@Index('IDX_org_unit_city_path', ['cityId', 'path'])
@Index('IDX_org_unit_city_level', ['cityId', 'level'])
@Index('IDX_org_unit_city_kind', ['cityId', 'kind'])
@ObjectType({ implements: Node, description: '组织单位 An organisation unit of the tree' })
export class OrgUnit extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The city this unit belongs to (the future shard key); a city's is its own id. */
  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentId', foreignKeyConstraintName: 'FK_org_unit_parent' })
  parent?: Relation<OrgUnit>;

  @Field({ description: '名称' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Field(() => UnitLevel, { description: '层级 The tier, always one below the parent\'s (a department, enterprise or institution too)' })
  @Column({ type: 'varchar', length: 16 })
  level!: UnitLevel;

  @Field(() => UnitKind, { description: '单位类别: an area committee, or a department, enterprise or institution' })
  @Column({ type: 'varchar', length: 16, default: UnitKind.AREA })
  kind!: UnitKind;

  @Field(() => String, { nullable: true, description: 'The day the unit closed (merged or closed), YYYY-MM-DD; null while open' })
  @Column({ type: 'date', nullable: true })
  closedOn!: string | null;

  /** A merged unit's successor: today it hangs under it, so the successor's posts see its records. */
  @Column({ type: 'int', nullable: true })
  successorId!: number | null;

  @Field({ description: 'Materialised ancestry, e.g. "/1/7/42/" (opaque database ids)' })
  @Index('IDX_org_unit_path', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  path!: string;

  @Field({ description: 'When the unit was recorded (server time; effectiveOn may be earlier)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  /** Set on a unit read as of a past day (YYYY-MM-DD): the fields below it answer for that day too. */
  asOf?: string;

  @Field({ description: 'Last rename, move, merge or closure recorded (server time); createdAt until then' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
