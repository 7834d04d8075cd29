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
