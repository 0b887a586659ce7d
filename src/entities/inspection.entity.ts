// 巡察 (Wanzhou): a round of the inspecting unit with groups, targets, findings, leads,
// suggestions, dual feedback and a rectification list per target.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { InspectionMode, InspectionStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('inspection')
@Index('IDX_inspection_unit_round', ['unitId', 'year', 'round'], { unique: true })
@Index('IDX_inspection_city_year', ['cityId', 'year'])
@ObjectType({ implements: Node, description: '巡察 An inspection round of an inspecting unit' })
export class Inspection extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_inspection_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: '年度 The year of the round' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => Int, { description: '轮次' })
  @Column({ type: 'int' })
  round!: number;

  @Field(() => InspectionMode, { description: '巡察方式' })
  @Column({ type: 'varchar', length: 16 })
  mode!: InspectionMode;

  @Field({ description: '标题' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  startsOn!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  endsOn!: string;

  @Field(() => InspectionStatus, { description: '巡察阶段' })
  @Column({ type: 'varchar', length: 16 })
  status!: InspectionStatus;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When the round was planned (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  // OFFICE's waiver of the findings left without a rectification item (read as Inspection.rectificationWaiver).
  @Column({ type: 'varchar', length: 1000, nullable: true })
  waiverReason!: string | null;

  @Column({ type: 'datetime', nullable: true })
  waivedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  waivedByOfficialId!: number | null;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'waivedByOfficialId', foreignKeyConstraintName: 'FK_inspection_waived_by' })
  waivedBy?: Relation<Official>;

  /** How many findings had no rectification item when the waiver was given. */
  @Column({ type: 'int', nullable: true })
  waivedFindings!: number | null;
}
