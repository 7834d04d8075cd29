import type { LabelSchema } from "../label-schema.js";
import { encodeAnswers, fleissKappa, krippendorffAlpha, percentAgreement, ratingTable } from "../quality/index.js";
import type { KeyedAnswer } from "./report-answer.js";

/** Agreement among annotators over one group of judgments (null where a metric is undefined). */
export interface AgreementRow {
  group: string;
  judgments: number;
  tasks: number;
  percentAgreement: number | null;
  fleissKappa: number | null;
  alpha: number | null;
}

export interface AgreementReport {
  overall: AgreementRow | null;
  byLanguage: AgreementRow[];
  byGuidelineVersion: AgreementRow[];
  /** Multi-label schemas: per option of the taxonomy, did annotators agree on ticking it. */
  byLabel: AgreementRow[];
}

/** Four decimals, or null for a metric that is undefined on the group (NaN or infinite). */
function rounded(x: number): number | null {
  return Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null;
}

function agreementOf(
  group: string,
  rows: readonly Pick<KeyedAnswer, "task" | "worker" | "label">[],
  classes: readonly string[],
  ordinal: boolean,
): AgreementRow {
  const answers = encodeAnswers(rows, classes);
  const table = ratingTable(answers);
  const values = ordinal ? Float64Array.from(classes.map(Number)) : undefined;
  return {
    group,
    judgments: rows.length,
    tasks: answers.taskCount,
    percentAgreement: rounded(percentAgreement(table)),
    fleissKappa: rounded(fleissKappa(table)),
    alpha: rounded(krippendorffAlpha(table, ordinal ? "ordinal" : "nominal", values)),
  };
}

/**
 * Percent agreement, Fleiss' kappa and Krippendorff's alpha (ordinal for ratings) over the
 * judgments whose label is one of `classes`: overall, by task language ("any" for none) and by
 * guideline version, each group sorted by name; for multi-label schemas also per option (binary).
 */
export function agreementReport(
  schema: LabelSchema,
  answers: readonly KeyedAnswer[],
  classes: readonly string[],
): AgreementReport {
  const ordinal = schema.type === "rating";
  const classed = classes.length > 0 ? answers.filter((a) => classes.includes(a.label)) : [];
  const groupBy = (key: "language" | "version") => {
    const groups = new Map<string, KeyedAnswer[]>();
    for (const a of classed) groups.set(a[key], [...(groups.get(a[key]) ?? []), a]);
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, list]) => agreementOf(group, list, classes, ordinal));
  };
  const byLabel =
    schema.type === "multi_label"
      ? schema.options.map((option) =>
          agreementOf(
            option.value,
            answers.map((a) => ({ ...a, label: ticked(a, option.value) ? "1" : "0" })),
            ["0", "1"],
            false,
          ),
        )
      : [];
  return {
    overall: classed.length > 0 ? agreementOf("all", classed, classes, ordinal) : null,
    byLanguage: groupBy("language"),
    byGuidelineVersion: groupBy("version"),
    byLabel,
  };
}

function ticked(answer: KeyedAnswer, option: string): boolean {
  return Array.isArray(answer.value) && answer.value.includes(option);
}
