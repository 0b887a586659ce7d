// An official (干部). The directory fields are public to signed-in users;
// phone and idNumber are guarded field by field in auth/permissions.ts.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';

@Entity('official')
@Index('IDX_official_unit', ['unitId'])
@Index('IDX_official_city_name', ['cityId', 'name'])
@ObjectType({ implements: Node, description: '干部 An official' })
export class Official extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  /** The unit whose directory lists the official (their home unit). */
  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_official_unit' })
  unit?: Relation<OrgUnit>;

  @Field({ description: '姓名' })
  @Column({ type: 'varchar', length: 60 })
  name!: string;

  @Field({ description: '职务, e.g. 区委副书记' })
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Field(() => String, { nullable: true, description: '电话 (the official, ADMIN and OFFICE in scope)' })
  @Column({ type: 'varchar', length: 30, nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: '身份证号 (the official, ADMIN and OFFICE in scope)' })
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumber!: string | null;

  @Field({ description: 'When the official was added to the directory (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
