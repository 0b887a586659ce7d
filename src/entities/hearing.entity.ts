// 述责述廉 会议: a session held at a unit (a discipline commission's plenary) where many
// reporters give account: the unit's team members and the principals of its direct
// subordinate units and departments. Each reporter's part is an ORAL report naming the
// hearing (report.entity.ts): questions, answers and the evaluation live there.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { HearingStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';

@Entity('hearing')
@Index('IDX_hearing_city_unit', ['cityId', 'unitId'])
@Index('IDX_hearing_unit_year', ['unitId', 'year'])
@ObjectType({ implements: Node, description: '述责述廉 会议 A hearing at a unit with many reporters, questions and an evaluation per reporter' })
export class Hearing extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_hearing_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: 'The year reported on' })
  @Column({ type: 'int' })
  year!: number;

  @Field({ description: '会议日期 The day of the hearing (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  heldOn!: string;

  @Field({ description: '会议名称, e.g. 区纪委全会述责述廉' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => HearingStatus, { description: 'SCHEDULED -> HELD -> CLOSED' })
  @Column({ type: 'varchar', length: 16 })
  status!: HearingStatus;

  @Column({ type: 'int' })
  createdByOfficialId!: number;

  @Field({ description: 'When it was scheduled (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was marked held (server time); null while scheduled' })
  @Column({ type: 'datetime', nullable: true })
  heldAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed (server time); null until then' })
  @Column({ type: 'datetime', nullable: true })
  closedAt!: Date | null;
}
