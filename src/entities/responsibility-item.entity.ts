// 清单事项: one ordered item of a list. An adopted item is a copy of an item of the
// parent unit's published list (the "1" of "1+X"); local items are the "X".
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Node } from '../schema/node';
import { OrgUnit } from './org-unit.entity';
import { ResponsibilityList } from './responsibility-list.entity';

@Entity('responsibility_item')
@Index('IDX_responsibility_item_list_position', ['listId', 'position'])
@Index('IDX_responsibility_item_origin', ['originUnitId'])
@ObjectType({ implements: Node, description: '清单事项 An item of a responsibility list' })
export class ResponsibilityItem extends Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  listId!: number;

  @ManyToOne(() => ResponsibilityList, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listId', foreignKeyConstraintName: 'FK_responsibility_item_list' })
  list?: Relation<ResponsibilityList>;

  @Field(() => Int, { description: 'Order in the list, from 1' })
  @Column({ type: 'int' })
  position!: number;

  @Field({ description: '事项内容' })
  @Column({ type: 'text' })
  content!: string;

  /** The parent list's item this one was adopted from (a copy; the source may change later). */
  @Column({ type: 'int', nullable: true })
  sourceItemId!: number | null;

  /** The unit whose published list the item was adopted from. */
  @Column({ type: 'int', nullable: true })
  sourceUnitId!: number | null;

  /**
   * Adopted items: the unit whose list first held the item (a local item there), carried
   * unchanged through every further adoption. Null on a local item: it started at its own unit.
   */
  @Column({ type: 'int', nullable: true })
  originUnitId!: number | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'originUnitId', foreignKeyConstraintName: 'FK_responsibility_item_origin_unit' })
  originUnit?: Relation<OrgUnit>;

  @Field({ description: 'When the item was added or adopted (server time)' })
  @Column({ type: 'datetime' })
  createdAt!: Date;
}
