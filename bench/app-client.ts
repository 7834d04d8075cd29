/** Calls to an app in process (`app.request`), as the in-process hot-path benches make them. */
type RequestingApp = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

export function appClient(app: RequestingApp, name = "") {
  const call = async (method: string, path: string, cookie: string, body?: unknown, raw?: string) => {
    const headers: Record<string, string> = { cookie };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers,
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: bench responses are read loosely
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as any, headers: response.headers };
  };
  /** Signs in and returns the session cookie. */
  const login = async (email: string, password: string) => {
    const response = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`${name ? `${name} ` : ""}login ${email}: ${response.status}`);
    return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  };
  return { call, login };
}

type AppClient = ReturnType<typeof appClient>;

/**
 * The hot-path benches' set-up through the API: a rating project (overlap 3) of `tasks` tasks and
 * `annotators` signed-in annotators; `pair(a)` is one next task + judgment by annotator `a`.
 */
export async function hotPathProject(
  { call, login }: AppClient,
  admin: string,
  options: {
    tasks: number;
    annotators: number;
    text?: (i: number) => string;
    label?: string;
    /** More fields of the project's POST body (a build that does not know one ignores it). */
    project?: Record<string, unknown>;
  },
) {
  const label = options.label ? `${options.label} ` : "";
  const project = await call("POST", "/projects", admin, {
    name: "Hot path",
    schema: { type: "rating", min: 0, max: 4 },
    guidelines: "# Rate",
    overlap: 3,
    ...options.project,
  });
  const text = options.text ?? ((i: number) => `t${i}`);
  const lines = Array.from({ length: options.tasks }, (_, i) => JSON.stringify({ data: { text: text(i) } }));
  const imported = await call("POST", `/projects/${project.json.id}/imports`, admin, undefined, lines.join("\n"));
  if (imported.status !== 200) throw new Error(`${label}import: ${imported.status}`);
  const cookies: string[] = [];
  for (let a = 0; a < options.annotators; a++) {
    const email = `a${a}@bench.local`;
    await call("POST", "/users", admin, { email, name: `A${a}`, password: "password-123", role: "annotator" });
    const cookie = await login(email, "password-123");
    // The invite's password is temporary: each chooses their own before working.
    await call("POST", "/auth/password", cookie, { currentPassword: "password-123", newPassword: "password-own-1" });
    cookies.push(cookie);
  }
  let keys = 0;
  const pair = async (a: number) => {
    const cookie = cookies[a % options.annotators] ?? "";
    const next = await call("POST", `/projects/${project.json.id}/assignments/next`, cookie);
    if (next.status !== 200) throw new Error(`${label}next: ${next.status} ${JSON.stringify(next.json)}`);
    const judged = await call("POST", `/assignments/${next.json.assignment.id}/judgment`, cookie, {
      value: keys % 5,
      activeMs: 900,
      clientKey: `k${keys++}`,
    });
    if (judged.status !== 201) throw new Error(`${label}judgment: ${judged.status} ${JSON.stringify(judged.json)}`);
  };
  return { projectId: project.json.id as number, pair };
}
