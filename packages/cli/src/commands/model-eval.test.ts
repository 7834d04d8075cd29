import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp, ensureAdmin } from "@quorum/server";
import { type Database, testTargets } from "@quorum/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import { recordingIo } from "../recording-io.js";
import { modelEvalCommand } from "./model-eval.js";

const [target] = await testTargets();

describe("quorum model-eval add", () => {
  let database: Database;
  let server: ReturnType<typeof serve>;
  let url = "";
  let token = "";
  let versionId = 0;

  beforeAll(async () => {
    database = await target!.open();
    await ensureAdmin(database, { email: "admin@cli.test", password: "admin-password-1" }, Date.now(), () => {});
    const app = createApp({ database, now: () => Date.now(), secureCookies: false, log: () => {} });
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@cli.test", password: "admin-password-1" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const call = async (path: string, body: unknown) =>
      (await fetch(`${url}/api/v1${path}`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: url },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as Record<string, { id: number }> & { token: string };
    token = (await call("/auth/tokens", { name: "ml pipeline" })).token;
    const project = await call("/projects", { name: "Models", schema: { type: "single_choice", options: ["a", "b"] } });
    versionId = (await call(`/projects/${project.id}/dataset-versions`, { name: "v1" })).datasetVersion!.id;
  });
  afterAll(async () => {
    server.close();
    await database.close();
  });

  it("records an evaluation through the API with a token", async () => {
    const io = recordingIo();
    await modelEvalCommand(
      [
        "add",
        "--dataset-version",
        String(versionId),
        "--metric",
        "accuracy",
        "--value",
        "0.91",
        "--labels",
        "1200",
        "--url",
        url,
        "--token",
        token,
        "--format",
        "json",
      ],
      io,
      {},
    );
    expect(JSON.parse(io.out)).toMatchObject({
      datasetVersionId: versionId,
      metric: "accuracy",
      value: 0.91,
      labels: 1200,
    });
  });

  it("exits with code 2 naming the field the server refused", async () => {
    const error = await modelEvalCommand(
      ["add", "--dataset-version", String(versionId), "--metric", "accuracy", "--value", "1.5", "--labels", "10"],
      recordingIo(),
      { QUORUM_URL: url, QUORUM_TOKEN: token },
    ).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/value/);
  });
});
