import type { Generated } from "kysely";

/** Tables of wellbeing for harmful content (migration 20261202030000-wellbeing). */
export interface WellbeingTables {
  exposure_daily: ExposureDailyTable;
  wellbeing_settings: WellbeingSettingsTable;
  wellbeing_people: WellbeingPeopleTable;
  wellbeing_checkins: WellbeingCheckinsTable;
}

/** What one person judged of one harm category in one project on one day where they are (core's `localDay`). */
export interface ExposureDailyTable {
  project_id: number;
  user_id: number;
  day: number;
  category: string;
  items: number;
  active_ms: number;
}

/** The workspace's wellbeing policy (core's `WellbeingPolicy` as JSON); one row, id 1. */
export interface WellbeingSettingsTable {
  id: number;
  policy: string;
  updated_by: number | null;
  updated_at: number;
}

/** One person: a manager's budget overrides, their own media choices, their harmful-work session. */
export interface WellbeingPeopleTable {
  user_id: number;
  budgets: Generated<string>;
  media: Generated<string>;
  session_started_at: number | null;
  session_last_at: number | null;
  break_until: number | null;
  updated_at: number;
}

/** A WHO-5 check-in; never shown one by one to anyone but its author. */
export interface WellbeingCheckinsTable {
  id: Generated<number>;
  user_id: number;
  answers: string;
  score: number;
  created_at: number;
}
