// 约谈: an interviewer post, the interviewees, the reason and the record.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { InterviewKind } from '../schema/enums';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';
import { Post } from './post.entity';

@Entity('interview')
@Index('IDX_interview_city_unit', ['cityId', 'unitId'])
@Index('IDX_interview_unit', ['unitId', 'heldOn'])
@ObjectType({ implements: Node, description: '约谈 An individual or collective interview' })
export class Interview extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unitId', foreignKeyConstraintName: 'FK_interview_unit' })
  unit?: Relation<OrgUnit>;

  @Field(() => InterviewKind, { description: '约谈形式' })
  @Column({ type: 'varchar', length: 16 })
  kind!: InterviewKind;

  @Field({ description: 'The day it was held (YYYY-MM-DD)' })
  @Column({ type: 'date' })
  heldOn!: string;

  @Column({ type: 'int' })
  interviewerPostId!: number;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'interviewerPostId', foreignKeyConstraintName: 'FK_interview_interviewer_post' })
  interviewerPost?: Relation<Post>;

  @Field({ description: '约谈事由' })
  @Column({ type: 'text' })
  reason!: string;

  @Field({ description: '谈话记录' })
  @Column({ type: 'text' })
  record!: string;

  @Field({ description: 'When it was recorded (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
