// An INSPECTOR post's membership of a group; access to the group's targets lasts
// from `since` to `until` (inclusive) only.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { InspectionGroup } from './inspection-group.entity';
import { Post } from './post.entity';

@Entity('inspection_member')
@Index('IDX_inspection_member_group', ['groupId'])
@Index('IDX_inspection_member_post', ['postId'])
@ObjectType({ implements: Node, description: '巡察组成员 An INSPECTOR post in a group, for a period' })
export class InspectionMember extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  groupId!: number;

  @ManyToOne(() => InspectionGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'groupId', foreignKeyConstraintName: 'FK_inspection_member_group' })
  group?: Relation<InspectionGroup>;

  @Column({ type: 'int' })
  postId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'postId', foreignKeyConstraintName: 'FK_inspection_member_post' })
  post?: Relation<Post>;

  @Field({ description: 'First day of access (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  since!: string;

  @Field(() => String, { nullable: true, description: 'Last day of access (YYYY-MM-DD, inclusive); null while open-ended' })
  @Column({ type: 'date', nullable: true })
  until!: string | null;
}
