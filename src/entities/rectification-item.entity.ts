// 整改事项: owner, deadline, closed one by one. An inspection's item needs two sign-offs
// (双审): the unit's principal and the leader in charge one tier up.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RectificationStatus } from '../schema/enums';
import { Node } from '../schema/node';
import { Post } from './post.entity';
import { Problem } from './problem.entity';

@Entity('rectification_item')
@Index('IDX_rectification_item_problem', ['problemId'])
@Index('IDX_rectification_item_city_problem', ['cityId', 'problemId', 'status', 'deadline'])
@Index('IDX_rectification_item_problem_state', ['problemId', 'status', 'deadline'])
@Index('IDX_rectification_item_owner', ['ownerPostId'])
@Index('IDX_rectification_item_city_deadline', ['cityId', 'deadline'])
@ObjectType({ implements: Node, description: '整改事项 A rectification item of a problem' })
export class RectificationItem extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  problemId!: number;

  @ManyToOne(() => Problem, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'problemId', foreignKeyConstraintName: 'FK_rectification_item_problem' })
  problem?: Relation<Problem>;

  @Column({ type: 'int' })
  ownerPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerPostId', foreignKeyConstraintName: 'FK_rectification_item_owner_post' })
  ownerPost?: Relation<Post>;

  @Field({ description: '整改措施' })
  @Column({ type: 'text' })
  measure!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @Column({ type: 'date' })
  deadline!: string;

  @Field(() => RectificationStatus, { description: '整改状态' })
  @Column({ type: 'varchar', length: 16 })
  status!: RectificationStatus;

  @Field(() => Date, { nullable: true, description: 'When it was closed (销号, server time); null while open' })
  @Column({ type: 'datetime', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  closedByOfficialId!: number | null;

  @Column({ type: 'int', nullable: true })
  principalApprovedByOfficialId!: number | null;

  @Field(() => Date, { nullable: true, description: '本单位主要负责人审核' })
  @Column({ type: 'datetime', nullable: true })
  principalApprovedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  supervisorApprovedByOfficialId!: number | null;

  @Field(() => Date, { nullable: true, description: '上一级分管领导审核' })
  @Column({ type: 'datetime', nullable: true })
  supervisorApprovedAt!: Date | null;

  @Field({ description: 'When it was listed (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
