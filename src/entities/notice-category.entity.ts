// 告知情形: the situations in which a leader is sent a notice (reference data, seeded).
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../schema/node';

@Entity('notice_category')
@Index('IDX_notice_category_code', ['code'], { unique: true })
@ObjectType({ implements: Node, description: '告知情形 A category of notice (reference data)' })
export class NoticeCategory extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field({ description: 'Stable code' })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Field({ description: '名称' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
