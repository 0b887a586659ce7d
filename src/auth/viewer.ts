// The signed-in official as the policy sees them: their current posts with the
// path and city of each post's unit.
import type { PostRole } from '../schema/enums';

export interface ViewerPost {
  readonly id: number;
  readonly role: PostRole;
  readonly unitId: number;
  readonly unitPath: string;
  readonly unitLevel: string;
  readonly cityId: number;
}

export interface Viewer {
  readonly accountId: number;
  readonly officialId: number;
  /** The official's own city (their records, e.g. notifications, are kept under it). */
  readonly cityId: number;
  readonly posts: readonly ViewerPost[];
}
