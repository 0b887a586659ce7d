// Reference data: the domains (领域) a team member can be in charge of.
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../schema/node';

@Entity('domain')
@ObjectType({ implements: Node, description: '领域 A field of work a team member is in charge of' })
export class Domain extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field({ description: 'Stable code, e.g. EDUCATION' })
  @Index('IDX_domain_code', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Field({ description: '名称, e.g. 教育' })
  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
