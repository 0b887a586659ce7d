// The rule table behind `restrictedUntil` (seed 001): e.g. ORDERED_RESIGNATION or DISMISSAL
// -> 12 months without an equivalent post; DEMOTION -> 24 months without promotion.
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Measure } from '../schema/enums';
import { Node } from '../schema/node';

@Entity('restriction_rule')
@Index('IDX_restriction_rule_measure', ['measure'], { unique: true })
@ObjectType({ implements: Node, description: '影响期 How long a measure restricts appointments (rule table)' })
export class RestrictionRule extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => Measure, { description: '问责方式 The measure the rule applies to' })
  @Column({ type: 'varchar', length: 32 })
  measure!: Measure;

  @Field(() => Int, { description: 'How long the restriction lasts from the decision, in months' })
  @Column({ type: 'int' })
  months!: number;

  @Field({ description: 'What is restricted, e.g. 两年内不得提升职务' })
  @Column({ type: 'varchar', length: 200 })
  restriction!: string;
}
