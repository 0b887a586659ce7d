// The tree as it was: one row per unit per period in which its parent, name and path
// held (validFrom inclusive, validTo exclusive, open when null). Today's tree is
// org_unit itself; these rows are read only when a question names a day (asOf).
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UnitKind, UnitLevel } from '../schema/enums';

/**
 * Units that existed before their history was kept are valid from this day: the tree
 * of any earlier day is today's as of when records began (migration 005 and the seeds).
 */
export const TREE_HISTORY_START = '2000-01-01';

@Entity('org_unit_version')
@Index('IDX_org_unit_version_unit', ['unitId', 'validFrom'])
@Index('IDX_org_unit_version_parent', ['parentId', 'validFrom'])
@Index('IDX_org_unit_version_city_path', ['cityId', 'path'])
export class OrgUnitVersion {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  cityId!: number;

  @Column({ type: 'int' })
  unitId!: number;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: UnitLevel;

  @Column({ type: 'varchar', length: 16 })
  kind!: UnitKind;

  @Column({ type: 'varchar', length: 255 })
  path!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;
}
