// All migrations in order; the data source and the CLI read this list.
import { Foundation1767225600000 } from './1767225600000-Foundation';
import { ReferenceDomains1767225600001 } from './1767225600001-ReferenceDomains';

export const MIGRATIONS = [Foundation1767225600000, ReferenceDomains1767225600001];
