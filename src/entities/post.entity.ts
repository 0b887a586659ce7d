// An effective-dated post: who held which role at which unit, from `since` to `until`
// (inclusive). Never deleted, so "who held it on the day" stays answerable.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PostRole } from '../schema/enums';
import { Node } from '../schema/node';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';

@Entity('post')
@Index('IDX_post_unit_role', ['unitId', 'role'])
@Index('IDX_post_official', ['officialId'])
@Index('IDX_post_city', ['cityId'])
@ObjectType({ implements: Node, description: '岗位 A post held by an official at a unit over a period' })
export class Post extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  officialId!: number;

  @ManyToOne(() => Official, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'officialId', foreignKeyConstraintName: 'FK_post_official' })
  official?: Relation<Official>;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_post_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => PostRole, { description: '岗位角色 The role held at the unit' })
  @Column({ type: 'varchar', length: 16 })
  role!: PostRole;

  @Field({ description: 'First day held (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  since!: string;

  @Field(() => String, { nullable: true, description: 'Last day held (YYYY-MM-DD); null while current' })
  @Column({ type: 'date', nullable: true })
  until!: string | null;
}
