import type { AnnotatorQualityRecord } from "../calibration/assess-judgment.js";
import type { AnnotatorKappa } from "../quality-rollup/rollup-report.js";
import { type IntervalEstimate, intervalEstimate } from "./interval-estimate.js";

/** An annotator's record in the project, with who they are. */
export interface ReportAnnotator extends AnnotatorQualityRecord {
  annotatorId: number;
  name: string;
  vendor: string | null;
  languages: string[];
}

export interface AnnotatorQualityRow {
  id: number;
  name: string;
  vendor: string | null;
  languages: string[];
  judgments: number;
  goldAccuracy: IntervalEstimate;
  /** Share of the annotator's answers equal to their task's aggregate; null without any. */
  agreementWithAggregate: IntervalEstimate | null;
  /** Cohen's kappa of their answers against everyone else's on the same tasks; null without any. */
  kappa: AnnotatorKappa | null;
  fastAnswers: number;
  status: string;
  statusReason: string | null;
}

/** Each annotator's gold accuracy, agreement with the aggregate and kappa against the rest. */
export function annotatorReport(
  annotators: readonly ReportAnnotator[],
  agreement: ReadonlyMap<number, IntervalEstimate>,
  kappa: ReadonlyMap<number, AnnotatorKappa>,
): AnnotatorQualityRow[] {
  return annotators.map((a) => ({
    id: a.annotatorId,
    name: a.name,
    vendor: a.vendor,
    languages: a.languages,
    judgments: a.judgments,
    goldAccuracy: intervalEstimate(a.goldCorrect, a.goldAnswered),
    agreementWithAggregate: agreement.get(a.annotatorId) ?? null,
    kappa: kappa.get(a.annotatorId) ?? null,
    fastAnswers: a.fastAnswers,
    status: a.status,
    statusReason: a.statusReason,
  }));
}
