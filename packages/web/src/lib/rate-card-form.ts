import type { ErrorDetail, TaskType } from "@quorum/core";
import type { RateCardView } from "@quorum/server";
import { currencyExponent, minorToInput, parseMoney } from "./money.js";

/** The rate-card form as typed: money in major units, fee and markup in percent, dates as YYYY-MM-DD (UTC). */
export interface RateCardDraft {
  name: string;
  currency: string;
  effectiveFrom: string;
  effectiveTo: string;
  projectId: string;
  taskType: "" | TaskType;
  language: string;
  vendor: string;
  payPerJudgment: string;
  payPerActiveHour: string;
  reviewPayPerReview: string;
  reviewPayPerHour: string;
  trainingPayPerHour: string;
  platformFeePercent: string;
  vendorMarkupPercent: string;
  payRejected: boolean;
}

export const MONEY_FIELDS = [
  ["payPerJudgment", "payPerJudgmentMinor"],
  ["payPerActiveHour", "payPerActiveHourMinor"],
  ["reviewPayPerReview", "reviewPayPerReviewMinor"],
  ["reviewPayPerHour", "reviewPayPerHourMinor"],
  ["trainingPayPerHour", "trainingPayPerHourMinor"],
] as const;

const PERCENT_FIELDS = [
  ["platformFeePercent", "platformFeeBps"],
  ["vendorMarkupPercent", "vendorMarkupBps"],
] as const;

/** A new card's form: in force from `today`, in `currency` (the workspace's default; empty until it is known). */
export function emptyDraft(today: string, currency: string): RateCardDraft {
  return {
    name: "",
    currency,
    effectiveFrom: today,
    effectiveTo: "",
    projectId: "",
    taskType: "",
    language: "",
    vendor: "",
    payPerJudgment: "",
    payPerActiveHour: "",
    reviewPayPerReview: "",
    reviewPayPerHour: "",
    trainingPayPerHour: "",
    platformFeePercent: "",
    vendorMarkupPercent: "",
    payRejected: true,
  };
}

const percentText = (bps: number) => (bps === 0 ? "" : String(bps / 100));
const moneyText = (minor: number, exponent: number) => (minor === 0 ? "" : minorToInput(minor, exponent));

/** A stored card as the form shows it. */
export function draftOf(card: RateCardView): RateCardDraft {
  const exponent = card.fractionDigits;
  return {
    name: card.name,
    currency: card.currency,
    effectiveFrom: (card.effectiveFrom ?? "").slice(0, 10),
    effectiveTo: (card.effectiveTo ?? "").slice(0, 10),
    projectId: card.projectId === null ? "" : String(card.projectId),
    taskType: (card.taskType ?? "") as RateCardDraft["taskType"],
    language: card.language ?? "",
    vendor: card.vendor ?? "",
    payPerJudgment: moneyText(card.payPerJudgmentMinor, exponent),
    payPerActiveHour: moneyText(card.payPerActiveHourMinor, exponent),
    reviewPayPerReview: moneyText(card.reviewPayPerReviewMinor, exponent),
    reviewPayPerHour: moneyText(card.reviewPayPerHourMinor, exponent),
    trainingPayPerHour: moneyText(card.trainingPayPerHourMinor, exponent),
    platformFeePercent: percentText(card.platformFeeBps),
    vendorMarkupPercent: percentText(card.vendorMarkupBps),
    payRejected: card.payRejected,
  };
}

/** "12.5" percent → 1250 basis points; undefined unless a non-negative number with at most two decimals. */
export function parsePercent(text: string): number | undefined {
  const cleaned = text.trim().replace(",", ".");
  if (cleaned === "") return 0;
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return undefined;
  return Math.round(Number(cleaned) * 100);
}

export type RateCardBodyDraft = Record<string, string | number | boolean | null>;

/**
 * The API body of a draft (money in integer minor units of its currency, percent in basis
 * points, blanks as "any"), or the fields that are not right, named by the body's paths so the
 * server's messages and these land on the same fields.
 */
export function rateCardBody(draft: RateCardDraft): { body: RateCardBodyDraft } | { errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const currency = draft.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) errors.push({ path: "currency", message: "a three-letter code such as USD" });
  const exponent = currencyExponent(currency);
  const body: RateCardBodyDraft = {
    name: draft.name.trim(),
    currency,
    effectiveFrom: draft.effectiveFrom,
    effectiveTo: draft.effectiveTo === "" ? null : draft.effectiveTo,
    projectId: draft.projectId === "" ? null : Number(draft.projectId),
    taskType: draft.taskType === "" ? null : draft.taskType,
    language: draft.language.trim() === "" ? null : draft.language.trim(),
    vendor: draft.vendor.trim() === "" ? null : draft.vendor.trim(),
    payRejected: draft.payRejected,
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.effectiveFrom)) errors.push({ path: "effectiveFrom", message: "a date" });
  if (draft.effectiveTo !== "" && draft.effectiveTo <= draft.effectiveFrom)
    errors.push({ path: "effectiveTo", message: "after the first day in force" });
  for (const [field, key] of MONEY_FIELDS) {
    const text = draft[field];
    const minor = text.trim() === "" ? 0 : parseMoney(text, exponent);
    if (minor === undefined)
      errors.push({
        path: key,
        message: `an amount with at most ${exponent} decimals, such as ${(12.5).toFixed(exponent)}`,
      });
    else body[key] = minor;
  }
  for (const [field, key] of PERCENT_FIELDS) {
    const bps = parsePercent(draft[field]);
    if (bps === undefined) errors.push({ path: key, message: "a percentage such as 12.5" });
    else body[key] = bps;
  }
  const pays = MONEY_FIELDS.slice(0, 2).some(([, key]) => typeof body[key] === "number" && (body[key] as number) > 0);
  if (errors.length === 0 && !pays)
    errors.push({ path: "payPerJudgmentMinor", message: "pay per judgment or per active hour (or both)" });
  return errors.length > 0 ? { errors } : { body };
}
