// The rank of an assessment among its siblings (same assessor, same year), in SQL with
// correlated counts (no window functions, so SQLite, MariaDB and MySQL 5.7 alike):
// 1 + the siblings ranked ahead of it. A vetoed assessment (一票否决) comes after every
// one that is not vetoed; within each group a higher total ranks ahead; equal totals share a rank.

/** `1 + siblings ahead`, for an assessment row of the given alias. */
export const rankSql = (alias: string): string =>
  `(1 + (SELECT COUNT(*) FROM assessment ahead WHERE ahead.cityId = ${alias}.cityId`
  + ` AND ahead.assessorUnitId = ${alias}.assessorUnitId AND ahead.year = ${alias}.year`
  + ` AND (ahead.vetoed < ${alias}.vetoed OR (ahead.vetoed = ${alias}.vetoed AND ahead.total > ${alias}.total))))`;

/** How many assessments the same assessor made for the same year (the "of N" of a rank). */
export const amongSql = (alias: string): string =>
  `(SELECT COUNT(*) FROM assessment sib WHERE sib.cityId = ${alias}.cityId`
  + ` AND sib.assessorUnitId = ${alias}.assessorUnitId AND sib.year = ${alias}.year)`;

export interface Standing {
  readonly rank: number;
  readonly among: number;
}

/**
 * How many siblings rank strictly behind it: "the bottom N" of a ranking are the rows with
 * fewer than N behind them (so units tied at the boundary are all in).
 */
export const behindSql = (alias: string): string =>
  `(SELECT COUNT(*) FROM assessment behind WHERE behind.cityId = ${alias}.cityId`
  + ` AND behind.assessorUnitId = ${alias}.assessorUnitId AND behind.year = ${alias}.year`
  + ` AND (behind.vetoed > ${alias}.vetoed OR (behind.vetoed = ${alias}.vetoed AND behind.total < ${alias}.total)))`;
