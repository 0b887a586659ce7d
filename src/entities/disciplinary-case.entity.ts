// 案件: against an official, for an incident on a day; opening it proposes the
// responsibility chain of that day (一案双查).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CaseStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { Domain } from './domain.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('disciplinary_case')
@Index('IDX_disciplinary_case_city_unit', ['cityId', 'unitId'])
@Index('IDX_disciplinary_case_city_issuer', ['cityId', 'issuerUnitId'])
@Index('IDX_disciplinary_case_unit', ['unitId'])
@Index('IDX_disciplinary_case_official', ['officialId'])
@ObjectType({ implements: Node, description: '案件 A case against an official' })
export class DisciplinaryCase extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  /** The unit of the DISCIPLINE post that opened the case: it keeps the case when the unit moves away. */
  @Column({ type: 'int' })
  issuerUnitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_disciplinary_case_unit' })
  unit?: Relation<OrgUnit>;

  @Column({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_disciplinary_case_official' })
  official?: Relation<Official>;

  @Column({ type: 'int' })
  domainId!: number;

  @ManyToOne(() => Domain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domainId', foreignKeyConstraintName: 'FK_disciplinary_case_domain' })
  domain?: Relation<Domain>;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  incidentOn!: string;

  @Field({ description: '案件名称' })
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field({ description: '案情摘要' })
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'int', nullable: true })
  leadId!: number | null;

  @Field(() => CaseStatus, { description: '案件状态' })
  @Column({ type: 'varchar', length: 16 })
  status!: CaseStatus;

  @Column({ type: 'int' })
  openedByOfficialId!: number;

  @Field({ description: '立案 When it was opened (server time)' })
  @Column({ type: 'datetime' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was closed (server time); null while OPEN' })
  @Column({ type: 'datetime', nullable: true })
  closedAt!: Date | null;
}
