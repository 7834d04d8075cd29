import { canonicalLanguageTag } from "@quorum/core";
import { z } from "zod";

/** A BCP 47 language tag (`de`, `de-AT`, `pt-BR`), canonicalised; a malformed tag is a 400 naming the field. */
export const LanguageTag = z
  .string()
  .max(64)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguageTag(tag);
    if (canonical === undefined) {
      ctx.addIssue({ code: "custom", message: "use a BCP 47 language tag such as de, de-AT or pt-BR" });
      return z.NEVER;
    }
    return canonical;
  });
