import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WEB_DIST = join(ROOT, "packages/web/dist");

export interface RunningServer {
  url: string;
  admin: { email: string; password: string };
  /** What the server printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `quorum serve --no-demo` (or `quorum serve`, building the demo workspace, with
 * `demo: true`) from the built packages on a free port with a fresh SQLite database in a
 * temporary folder, and waits until it answers. `npm run build` must have run. `port` and `env`
 * (extra environment, e.g. single sign-on settings) are for tests that must know them up front.
 */
export async function startServer(
  options: { demo?: boolean; port?: number; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  if (!existsSync(join(WEB_DIST, "index.html")))
    throw new Error(`The web app is not built (${WEB_DIST}/index.html is missing): run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), "quorum-e2e-"));
  // A copy of the run's demo workspace: `quorum serve` finds it filled and builds nothing.
  if (options.demo && !options.env) cpSync(await demoTemplate(), dataDir, { recursive: true });
  return spawnServer(dataDir, options);
}

/**
 * The demo workspace of this test run, built once by `quorum serve` in a folder that every test
 * file's server starts from a copy of (building it takes a minute or two of CPU per server). The
 * first caller builds it under a lock folder; the others wait for its ready mark. The run's id
 * comes from vitest.config.ts, so a new run builds a fresh demo (its history ends at that run's
 * now). Servers with their own environment build their own demo.
 */
async function demoTemplate(): Promise<string> {
  const run = process.env.QUORUM_TEST_RUN ?? String(process.pid);
  const template = join(tmpdir(), `quorum-e2e-demo-${run}`);
  const ready = join(template, ".ready");
  try {
    mkdirSync(`${template}.lock`);
  } catch {
    const deadline = Date.now() + 600_000;
    while (!existsSync(ready)) {
      if (!existsSync(`${template}.lock`)) throw new Error("the demo workspace's build failed in another test file");
      if (Date.now() > deadline) throw new Error(`the demo workspace in ${template} was not ready within 600 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return template;
  }
  try {
    mkdirSync(template, { recursive: true });
    const builder = await spawnServer(template, { demo: true }, { keepData: true });
    await builder.stop();
    writeFileSync(ready, "");
    return template;
  } catch (error) {
    rmSync(`${template}.lock`, { recursive: true, force: true });
    throw error;
  }
}

async function spawnServer(
  dataDir: string,
  options: { demo?: boolean; port?: number; env?: Record<string, string> },
  { keepData = false } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const admin = { email: "admin@e2e.test", password: "e2e-admin-password" };
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, "packages/cli/bin/quorum.js"), "serve", ...(options.demo ? [] : ["--no-demo"])],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        QUORUM_DATA_DIR: dataDir,
        DATABASE_URL: "",
        QUORUM_ADMIN_EMAIL: admin.email,
        QUORUM_ADMIN_PASSWORD: admin.password,
        // Admission control stays on, but the browser tests share two cores with the other test
        // files, so the event loop of this server lags for reasons of its neighbours' making.
        QUORUM_MAX_LAG_MS: "2000",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  // The demo simulates three days of labeling before the server listens. Without it, starting
  // takes seconds alone but over 30 s on two cores beside other test files' servers and browsers;
  // 90 s leaves the rest of a 120 s hook for signing in.
  const waitMs = options.demo ? 300_000 : 90_000;
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`quorum serve exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`quorum serve did not answer within ${waitMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    admin,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A minimal API client with a session cookie, for setting up data the browser flow does not cover. */
export async function apiSession(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return Object.assign(call, { cookie: async () => cookie });
}

/**
 * Invites a person through the API (as `call`'s caller) without a password and has them set
 * `password` through the one-time link the server returns (no mail server in these tests), so
 * they then sign in straight to their work. An invite with a password would hold them at a
 * password change on their first sign-in, which `account.test.ts` covers.
 */
export async function invitePerson(
  call: (method: string, path: string, body?: unknown) => Promise<unknown>,
  person: Record<string, unknown> & { password: string },
): Promise<{ user: { id: number } }> {
  const { password, ...invite } = person;
  const created = (await call("POST", "/users", invite)) as {
    user: { id: number };
    passwordLink?: { link: string | null };
  };
  const link = created.passwordLink?.link;
  if (!link) throw new Error(`the invite of ${String(person.email)} returned no password link`);
  const token = decodeURIComponent(link.slice(link.indexOf("#") + 1));
  await call("POST", "/password-links/redeem", { token, password });
  return created;
}
