import type { Task } from "../assignment/task.js";
import { taskStatus } from "../assignment/task-status.js";
import { requiredAfterJudgment } from "../policy/overlap.js";
import type { OverlapSetting } from "../policy/quality-policy.js";
import type { StoppingEvidence } from "../policy/stopping-evidence.js";

/**
 * A task's counters after one more judgment. A control (gold) task keeps its status and its
 * `required` (any number of annotators may answer it); a work task asks the overlap policy how
 * many judgments it needs now (`requiredAfterJudgment`: from the expected gain of another judgment
 * when `evidence` is given (`stoppingEvidence`) and the policy has `minGain`, else from the
 * confidence of its aggregate) and takes the status those counters imply (`taskStatus`).
 */
export function taskAfterJudgment(
  task: Pick<Task, "status" | "required" | "slotsTaken" | "judgmentCount">,
  policy: OverlapSetting,
  confidence: number,
  evidence?: StoppingEvidence,
): Pick<Task, "status" | "required" | "judgmentCount"> {
  const judgmentCount = task.judgmentCount + 1;
  // A cancelled task's last lease may still be answered: the judgment counts, the task stays out of the queue.
  if (task.status === "gold" || task.status === "cancelled")
    return { status: task.status, required: task.required, judgmentCount };
  const required = requiredAfterJudgment({
    policy,
    required: task.required,
    slotsTaken: task.slotsTaken,
    judgmentCount,
    confidence,
    posterior: evidence?.posterior,
    confusion: evidence?.confusion,
  });
  return { status: taskStatus(required, task.slotsTaken, judgmentCount), required, judgmentCount };
}
