// 责任清单: one list per unit, year and subject (the "4" of Haining's "4+1"),
// with ordered items; a tier below may adopt the published items of the tier above.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ResponsibilitySubject } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';

@Entity('responsibility_list')
@Index('IDX_responsibility_list_unit_year_subject', ['unitId', 'year', 'subject'], { unique: true })
@Index('IDX_responsibility_list_city_year', ['cityId', 'year'])
@ObjectType({ implements: Node, description: '责任清单 A responsibility list of a unit for a year and subject' })
export class ResponsibilityList extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_responsibility_list_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => Int, { description: '年度 The year the list is for' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => ResponsibilitySubject, { description: '责任主体 Whose responsibilities the list sets out' })
  @Column({ type: 'varchar', length: 24 })
  subject!: ResponsibilitySubject;

  @Field({ description: '标题' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => Date, { nullable: true, description: 'When the list was published to the tier below (null: draft)' })
  @Column({ type: 'datetime', nullable: true })
  publishedAt!: Date | null;

  @Field({ description: 'When the list was created (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'Last change to the list or its items, or its publication (server time)' })
  @Column({ type: 'datetime' })
  updatedAt!: Date;
}
