import { judgmentResponseCheck } from "../../api/body-check.js";
import { ApiError, api } from "../../api/client.js";
import { i18n } from "../../i18n/instance.js";
import { JudgmentSender, type SendOutcome } from "../../lib/judgment-sender.js";
import { LocalQueue, type PendingJudgment, type PendingQuestion } from "../../lib/local-queue.js";

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Judgments not yet acknowledged by the server, across reloads (one queue per browser profile). */
export const pendingJudgments = new LocalQueue<PendingJudgment>(storage(), "quorum.pending-judgments.v1");
/** "This case is unclear" questions not yet accepted by the server. */
export const pendingQuestions = new LocalQueue<PendingQuestion>(storage(), "quorum.pending-questions.v1");

export function randomId(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

async function sendJudgment(j: PendingJudgment): Promise<SendOutcome> {
  try {
    const body = await api(`/assignments/${j.assignmentId}/judgment`, {
      method: "POST",
      body: { value: j.value, activeMs: j.activeMs, clientKey: j.id },
      check: judgmentResponseCheck,
    });
    return body.gold ? { kind: "stored", gold: body.gold } : { kind: "stored" };
  } catch (error) {
    if (!(error instanceof ApiError)) return { kind: "retry", message: String(error) };
    if (error.isTransient) return { kind: "retry", message: error.message };
    if (error.code === "lease_expired") return { kind: "expired", message: i18n.t("sending.expired") };
    // Another attempt already stored a judgment for this lease: nothing is lost.
    if (error.code === "already_submitted") return { kind: "stored" };
    // Stored (the server said so); only the feedback in the answer could not be read.
    if (error.code === "unexpected_body") return { kind: "stored" };
    if (error.code === "unauthenticated") return { kind: "retry", message: i18n.t("sending.signedOut") };
    return { kind: "rejected", message: error.message };
  }
}

/** The one sender of judgments for this page; it resumes what an earlier page left unsent. */
export const judgmentSender = new JudgmentSender({
  queue: pendingJudgments,
  send: sendJudgment,
  now: Date.now,
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle as number),
});
judgmentSender.resumeAll();
window.addEventListener("online", () => judgmentSender.retryNow());

/** Whether a failed request is worth retrying later (no answer, a passing fault on the server, signed out). */
function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.isTransient || error.code === "unauthenticated";
}

async function postQuestion(q: PendingQuestion): Promise<void> {
  await api(`/projects/${q.projectId}/questions`, {
    method: "POST",
    body: {
      assignmentId: q.assignmentId,
      text: q.text,
      ...(q.section ? { section: q.section } : {}),
      ...(q.label ? { label: q.label } : {}),
    },
  });
}

/**
 * Sends an "unclear case" question. When the server cannot be reached it is kept in this browser
 * and sent later (`flushQuestions`); a refusal (the lease is not theirs, the text is empty) is
 * returned as an error message and nothing is kept.
 */
export async function askQuestion(
  q: Omit<PendingQuestion, "id" | "savedAt" | "attempts">,
): Promise<{ kind: "sent" } | { kind: "kept" } | { kind: "refused"; message: string }> {
  const pending: PendingQuestion = { ...q, id: randomId(), savedAt: Date.now(), attempts: 0 };
  try {
    await postQuestion(pending);
    return { kind: "sent" };
  } catch (error) {
    if (retryable(error)) {
      pendingQuestions.put(pending);
      return { kind: "kept" };
    }
    return { kind: "refused", message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Sends the questions kept in this browser, oldest first; stops at the first one that still
 * cannot be sent. A question the server refuses outright is dropped (it would never go through).
 */
export async function flushQuestions(): Promise<void> {
  for (const q of pendingQuestions.list()) {
    try {
      await postQuestion(q);
      pendingQuestions.remove(q.id);
    } catch (error) {
      if (!retryable(error)) {
        pendingQuestions.remove(q.id);
        continue;
      }
      pendingQuestions.update(q.id, { attempts: q.attempts + 1 });
      return;
    }
  }
}
void flushQuestions();
window.addEventListener("online", () => void flushQuestions());
