import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priceJudgment, priceReview, priceTraining } from "./price-work.js";
import { rateCard, rateCardSpecificity, resolveRateCard } from "./rate-card.js";

const JAN = Date.UTC(2026, 0, 1);
const FEB = Date.UTC(2026, 1, 1);
const MAR = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

const work = { projectId: 7, taskType: "rating", language: "de", vendor: "acme" };

describe("rate card resolution", () => {
  const anyWork = rateCard({ id: 1, currency: "USD", effectiveFrom: JAN, payPerJudgmentMinor: 5 });
  const german = rateCard({ id: 2, currency: "USD", effectiveFrom: JAN, language: "de", payPerJudgmentMinor: 6 });
  const projectRating = rateCard({
    id: 3,
    currency: "USD",
    effectiveFrom: JAN,
    projectId: 7,
    taskType: "rating",
    payPerJudgmentMinor: 7,
  });
  const acmeGerman = rateCard({
    id: 4,
    currency: "EUR",
    effectiveFrom: FEB,
    language: "de",
    vendor: "acme",
    payPerJudgmentMinor: 8,
  });

  it("counts specificity as the scope fields set", () => {
    expect([anyWork, german, projectRating, acmeGerman].map(rateCardSpecificity)).toEqual([0, 1, 2, 2]);
  });

  it("picks the most specific card in force; ties go to the latest effective date, then the highest id", () => {
    // January: acme × de is not in force yet, so project × rating (2 fields) beats de (1) and any (0).
    expect(resolveRateCard([anyWork, german, projectRating, acmeGerman], { ...work, at: JAN + HOUR })?.id).toBe(3);
    // February: acme × de (2 fields, from February) ties project × rating (2 fields, from January) and is newer.
    expect(resolveRateCard([anyWork, german, projectRating, acmeGerman], { ...work, at: FEB })?.id).toBe(4);
    // Same specificity and date: the higher id wins, whatever the order of the list.
    const twin = { ...projectRating, id: 9 };
    expect(resolveRateCard([twin, projectRating], { ...work, at: JAN })?.id).toBe(9);
    expect(resolveRateCard([projectRating, twin], { ...work, at: JAN })?.id).toBe(9);
  });

  it("ignores cards whose scope does not match or that are not in force", () => {
    const french = { ...work, language: "fr", at: FEB };
    expect(resolveRateCard([anyWork, german, acmeGerman], french)?.id).toBe(1);
    const ended = rateCard({ id: 5, currency: "USD", effectiveFrom: JAN, effectiveTo: FEB, language: "fr" });
    expect(resolveRateCard([anyWork, ended], { ...french, at: FEB - 1 })?.id).toBe(5);
    expect(resolveRateCard([anyWork, ended], french)?.id).toBe(1); // effectiveTo is exclusive
    expect(resolveRateCard([german], { ...work, language: null, at: MAR })).toBeUndefined();
    expect(resolveRateCard([anyWork], { ...work, at: JAN - 1 })).toBeUndefined();
  });

  it("rejects cards out of range", () => {
    expect(() => rateCard({ id: 1, currency: "usd", effectiveFrom: JAN })).toThrow(/currency/);
    expect(() => rateCard({ id: 1, currency: "USD", effectiveFrom: JAN, payPerJudgmentMinor: 1.5 })).toThrow(
      /payPerJudgmentMinor/,
    );
    expect(() => rateCard({ id: 1, currency: "USD", effectiveFrom: JAN, platformFeeBps: -1 })).toThrow(
      /platformFeeBps/,
    );
    expect(() => rateCard({ id: 1, currency: "USD", effectiveFrom: FEB, effectiveTo: JAN })).toThrow(/effectiveTo/);
  });
});

describe("pricing work", () => {
  const card = rateCard({
    id: 1,
    currency: "USD",
    effectiveFrom: JAN,
    payPerJudgmentMinor: 2,
    payPerActiveHourMinor: 1_500,
    reviewPayPerReviewMinor: 10,
    reviewPayPerHourMinor: 2_000,
    trainingPayPerHourMinor: 1_200,
    platformFeeBps: 1_000,
    vendorMarkupBps: 2_500,
  });

  it("pays per judgment plus per active hour, and adds fee and markup on that pay", () => {
    // 2¢ + $15/h × 90 s = 2 + 37.5 → 39.5 → 40 (half to even); fee 10% = 4, markup 25% = 10.
    expect(priceJudgment(card, { activeMs: 90_000, rejected: false })).toEqual({
      currency: "USD",
      base: 40,
      fee: 4,
      markup: 10,
      total: 54,
    });
    // 2 + 1500 × 66 s / 3600 = 2 + 27.5 = 29.5 → 30 (even).
    expect(priceJudgment(card, { activeMs: 66_000, rejected: false }).base).toBe(30);
    // 2 + 1500 × 78 s / 3600 = 2 + 32.5 = 34.5 → 34 (even).
    expect(priceJudgment(card, { activeMs: 78_000, rejected: false }).base).toBe(34);
  });

  it("pays a rejected judgment only when the card says so", () => {
    const rejected = { activeMs: 90_000, rejected: true };
    expect(priceJudgment(card, rejected).total).toBe(54);
    expect(priceJudgment({ ...card, payRejected: false }, rejected)).toEqual({
      currency: "USD",
      base: 0,
      fee: 0,
      markup: 0,
      total: 0,
    });
  });

  it("prices reviews and training by their own rates", () => {
    expect(priceReview(card, { activeMs: 30 * 60_000 }).base).toBe(1_010);
    expect(priceTraining(card, { activeMs: 45 * 60_000 }).base).toBe(900);
    expect(() => priceJudgment(card, { activeMs: -1, rejected: false })).toThrow(/activeMs/);
  });

  it("components are integers that add up to the total, within half a minor unit of the exact amounts", () => {
    fc.assert(
      fc.property(
        fc.nat(500),
        fc.nat(10_000),
        fc.nat(3_000),
        fc.nat(3_000),
        fc.nat(8 * HOUR),
        (perJudgment, perHour, feeBps, markupBps, activeMs) => {
          const priced = priceJudgment(
            {
              ...card,
              payPerJudgmentMinor: perJudgment,
              payPerActiveHourMinor: perHour,
              platformFeeBps: feeBps,
              vendorMarkupBps: markupBps,
            },
            { activeMs, rejected: false },
          );
          for (const part of [priced.base, priced.fee, priced.markup]) expect(Number.isInteger(part)).toBe(true);
          expect(priced.base + priced.fee + priced.markup).toBe(priced.total);
          expect(Math.abs(priced.base - (perJudgment + (perHour * activeMs) / HOUR))).toBeLessThanOrEqual(0.5);
          expect(Math.abs(priced.fee - (priced.base * feeBps) / 10_000)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });
});
