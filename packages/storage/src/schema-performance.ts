import type { Generated } from "kysely";

/** Tables of presence, tier changes and coaching (migration 20261202041000-presence-tiers); the tier itself is `users.tier`. */
export interface PerformanceTables {
  presence_buckets: PresenceBucketsTable;
  tier_changes: TierChangesTable;
  coaching_notes: CoachingNotesTable;
}

/** A quarter hour in which a person's web app said they were there: a bit per minute seen. */
export interface PresenceBucketsTable {
  user_id: number;
  /** Start of the quarter hour, epoch ms. */
  bucket_start: number;
  /** Bit m set: a heartbeat arrived in minute m of the bucket (0–14). */
  minute_mask: number;
  /** The number of bits set in `minute_mask`, kept by the upsert so sums need no bit counting. */
  minutes: number;
}

export interface TierChangesTable {
  id: Generated<number>;
  user_id: number;
  from_tier: string;
  to_tier: string;
  reason: string;
  /** null when made by the rules on a schedule. */
  actor_id: number | null;
  created_at: number;
  reversed_by: number | null;
  reversed_at: number | null;
}

export interface CoachingNotesTable {
  id: Generated<number>;
  user_id: number;
  author_id: number;
  project_id: number | null;
  /** The gold label the note is about, when it is about one. */
  label: string | null;
  body: string;
  created_at: number;
}
