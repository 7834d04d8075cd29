import { canonicalLanguageTag, isTimeZone, RECRUITMENT_CHANNELS } from "@quorum/core";
import { z } from "zod";

/** A list of BCP 47 tags, each checked and put in canonical form (`pt-br` → `pt-BR`). */
export const LanguageTags = z
  .array(
    z
      .string()
      .max(35)
      .transform((tag, ctx) => {
        const canonical = canonicalLanguageTag(tag);
        if (!canonical) {
          ctx.addIssue({ code: "custom", message: `"${tag}" is not a BCP 47 language tag such as de or pt-BR` });
          return z.NEVER;
        }
        return canonical;
      }),
  )
  .max(30)
  .transform((tags) => [...new Set(tags)]);

export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, "not an IANA time zone such as Europe/Vienna or America/Sao_Paulo");

export const Slug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/,
    "3 to 64 lowercase letters, digits and dashes, such as de-raters-2027",
  );

export const Channel = z.enum(RECRUITMENT_CHANNELS);
