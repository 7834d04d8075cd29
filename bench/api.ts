import { admittedFetch } from "../packages/cli/src/admitted-fetch.js";

/** The few documented API calls the benchmarks use to set up a project and its people. */

export interface Annotator {
  id: number;
  email: string;
  /** `quorum_session=...`, valid on every server process of one database. */
  cookie: string;
}

async function call(baseUrl: string, method: string, path: string, cookie: string | undefined, body?: unknown) {
  // Set-up calls wait out admission control's refusals, as the web client does.
  const response = await admittedFetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return {
    json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined,
    headers: response.headers,
  };
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const { headers } = await call(baseUrl, "POST", "/auth/login", undefined, { email, password });
  const cookie = (headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie) throw new Error(`login of ${email} set no cookie`);
  return cookie;
}

export async function createRatingProject(
  baseUrl: string,
  admin: string,
  name: string,
  overlap: number,
): Promise<number> {
  const { json } = await call(baseUrl, "POST", "/projects", admin, {
    name,
    schema: { type: "rating", min: 0, max: 4 },
    overlap,
  });
  return Number(json?.id);
}

/**
 * Puts a rate card in force for the project (per judgment, per active hour, a platform fee), so
 * every judgment writes its ledger rows: the cost of the ledger on the hot path.
 */
export async function createRateCard(baseUrl: string, admin: string, projectId: number): Promise<void> {
  await call(baseUrl, "POST", "/rate-cards", admin, {
    name: "Bench",
    currency: "USD",
    effectiveFrom: "2000-01-01",
    projectId,
    payPerJudgmentMinor: 5,
    payPerActiveHourMinor: 1200,
    platformFeeBps: 500,
  });
}

/**
 * Creates `count` annotators through the API, signs each in once and has them replace the invite's
 * temporary password. Password hashing (scrypt)
 * costs ~50 ms of CPU per call, so they are made a few at a time, spread over the servers.
 */
export async function createAnnotators(
  servers: string[],
  admin: string,
  options: { count: number; prefix: string; concurrency?: number },
): Promise<Annotator[]> {
  const password = "bench-password-1";
  const people: Annotator[] = new Array(options.count);
  let next = 0;
  const worker = async (lane: number) => {
    for (let guard = 0; guard < options.count && next < options.count; guard++) {
      const i = next++;
      const server = servers[(i + lane) % servers.length]!;
      const email = `${options.prefix}-${i}@bench.quorum`;
      const { json } = await call(server, "POST", "/users", admin, {
        email,
        name: `Bench annotator ${i}`,
        password,
        role: "annotator",
        languages: ["en"],
      });
      const id = Number((json?.user as { id?: number } | undefined)?.id);
      const cookie = await login(server, email, password);
      // The invite's password is temporary: each chooses their own before working.
      await call(server, "POST", "/auth/password", cookie, {
        currentPassword: password,
        newPassword: `${password}-own`,
      });
      people[i] = { id, email, cookie };
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, (_, lane) => worker(lane)));
  return people;
}
