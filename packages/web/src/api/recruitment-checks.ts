import type { CampaignApplicationResult, PeopleImportResult } from "@quorum/server";
import * as z from "zod/mini";
import { bodyCheck } from "./body-check.js";

/** A sign-up's answer: the page shows the link, or says it was e-mailed. */
export const applicationResultCheck = bodyCheck<CampaignApplicationResult>()(
  z.object({ userId: z.number(), passwordLink: z.nullable(z.string()), emailed: z.boolean(), expiresAt: z.string() }),
);

/** A people import's answer: each person's one-time link (null when e-mailed). */
export const peopleImportCheck = bodyCheck<PeopleImportResult>()(
  z.object({
    imported: z.number(),
    people: z.array(
      z.object({
        id: z.number(),
        email: z.string(),
        name: z.string(),
        role: z.string(),
        passwordLink: z.nullable(z.string()),
        emailed: z.boolean(),
      }),
    ),
  }),
);
