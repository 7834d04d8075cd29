import type { AnnotatorQualityRecord } from "../calibration/assess-judgment.js";
import { type IntervalEstimate, intervalEstimate } from "./interval-estimate.js";
import type { KeyedAnswer } from "./report-answer.js";

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
  /** Share of the annotator's answers (in the window) equal to their task's aggregate; null without any. */
  agreementWithAggregate: IntervalEstimate | null;
  fastAnswers: number;
  status: string;
  statusReason: string | null;
}

/** Each annotator's gold accuracy and agreement with the aggregate, with 95% Wilson intervals. */
export function annotatorReport(
  annotators: readonly ReportAnnotator[],
  answers: readonly KeyedAnswer[],
): AnnotatorQualityRow[] {
  const agreeing = new Map<string, { agree: number; total: number }>();
  for (const a of answers) {
    if (a.aggregate === null) continue;
    const entry = agreeing.get(a.worker) ?? { agree: 0, total: 0 };
    entry.total++;
    if (a.aggregate === a.label) entry.agree++;
    agreeing.set(a.worker, entry);
  }
  return annotators.map((a) => {
    const agreement = agreeing.get(String(a.annotatorId));
    return {
      id: a.annotatorId,
      name: a.name,
      vendor: a.vendor,
      languages: a.languages,
      judgments: a.judgments,
      goldAccuracy: intervalEstimate(a.goldCorrect, a.goldAnswered),
      agreementWithAggregate: agreement ? intervalEstimate(agreement.agree, agreement.total) : null,
      fastAnswers: a.fastAnswers,
      status: a.status,
      statusReason: a.statusReason,
    };
  });
}
