import { parseCommandArgs, UsageError } from "../args.js";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";

export const MODEL_EVAL_HELP = `quorum model-eval add --dataset-version ID --metric NAME --value V --labels N [--url URL] [--token TOKEN]
  Records a model's evaluation against a frozen dataset version, for the learning curve and the
  ROI page (POST /api/v1/model-evaluations on a running server): the metric (accuracy, f1,
  error_rate, ...), its value in [0, 1] and the number of labels the model was trained on.
  --url        the server (default: QUORUM_URL, else http://127.0.0.1:8080)
  --token      an API token of a manager (default: QUORUM_TOKEN); create one with POST /api/v1/auth/tokens
  --format     table (default) or json: the stored evaluation
  Exits with code 2 on bad input; the server's message names the field.`;

/** `quorum model-eval add`: one evaluation, sent to the server with a token (the ML pipeline's call). */
export async function modelEvalCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "--help" || sub === "-h" || sub === undefined) {
    io.stdout(`${MODEL_EVAL_HELP}\n`);
    return;
  }
  if (sub !== "add") throw new UsageError(`unknown subcommand "${sub}"\n\n${MODEL_EVAL_HELP}`);
  const options = parseCommandArgs(
    rest,
    {
      "dataset-version": { type: "string" },
      metric: { type: "string" },
      value: { type: "string" },
      labels: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
      format: { type: "string", default: "table" },
    },
    MODEL_EVAL_HELP,
    io,
  );
  if (!options) return;
  const need = (name: "dataset-version" | "metric" | "value" | "labels") => {
    const value = options[name];
    if (value === undefined || value === "") throw new UsageError(`--${name} is required\n\n${MODEL_EVAL_HELP}`);
    return value;
  };
  const number = (name: "dataset-version" | "value" | "labels") => {
    const text = need(name);
    const value = Number(text);
    if (!Number.isFinite(value)) throw new InputError(`--${name} must be a number, not "${text}"`);
    return value;
  };
  const token = options.token ?? env.QUORUM_TOKEN;
  if (!token) throw new UsageError("--token (or QUORUM_TOKEN) is required: the server needs a manager's API token");
  const url = (options.url ?? env.QUORUM_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
  const body = {
    datasetVersionId: number("dataset-version"),
    metric: need("metric"),
    value: number("value"),
    labels: number("labels"),
  };
  const response = await fetch(`${url}/api/v1/model-evaluations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as {
    modelEvaluation?: Record<string, unknown>;
    error?: { message: string; details?: { path: string; message: string }[] };
  };
  if (!response.ok) {
    const details = (json.error?.details ?? []).map((d) => `${d.path}: ${d.message}`).join("; ");
    const message = `the server refused the evaluation (${response.status}): ${json.error?.message ?? "no message"}${details ? ` (${details})` : ""}`;
    if (response.status === 400) throw new InputError(message);
    throw new Error(message);
  }
  const stored = json.modelEvaluation!;
  if (options.format === "json") io.stdout(`${JSON.stringify(stored)}\n`);
  else
    io.stdout(
      `recorded evaluation ${stored.id}: ${stored.metric} = ${stored.value} at ${stored.labels} labels (dataset version ${stored.datasetVersionId})\n`,
    );
}
