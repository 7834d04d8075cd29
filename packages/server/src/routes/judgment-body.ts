import { z } from "zod";

export const JudgmentBody = z.object({
  value: z.unknown().refine((v) => v !== undefined, "value is required"),
  activeMs: z.number().int().min(0),
  clientKey: z.string().min(1).max(200),
});
export type JudgmentBody = z.infer<typeof JudgmentBody>;

/**
 * `JudgmentBody`'s result for a body that passes it, checked by hand (the judgment is half of
 * every labeling pair, and Zod's parse was about a twentieth of its HTTP layer); undefined for
 * any other body, which then goes to Zod for the same result or the same error messages.
 */
export function acceptJudgmentBody(raw: unknown): JudgmentBody | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const { value, activeMs, clientKey } = raw as Record<string, unknown>;
  if (value === undefined) return undefined;
  if (typeof activeMs !== "number" || !Number.isSafeInteger(activeMs) || activeMs < 0) return undefined;
  if (typeof clientKey !== "string" || clientKey.length < 1 || clientKey.length > 200) return undefined;
  return { value, activeMs, clientKey };
}
