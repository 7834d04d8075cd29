import http from "node:http";

export interface HttpResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A way of sending POST requests to one server; the load generator does not care which. */
export interface Transport {
  readonly name: string;
  post(path: string, headers: Record<string, string>, body?: string): Promise<HttpResponse>;
  get(path: string, headers?: Record<string, string>): Promise<HttpResponse>;
  close(): void;
}

export type TransportKind = "http" | "fetch";

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * `node:http` with one keep-alive agent per server (256 sockets at most, more than the 200
 * workers, so no request ever queues inside the client). Free sockets are reused oldest first,
 * so none idles long enough for the server's keep-alive timeout (5 s) to close it.
 */
export function nodeHttpTransport(baseUrl: string, maxSockets = 256): Transport {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: "fifo" });
  const host = url.hostname;
  const port = Number(url.port);
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host,
          port,
          method,
          path,
          headers:
            body === undefined
              ? { ...headers, "content-length": "0" }
              : { ...headers, "content-length": String(Buffer.byteLength(body)) },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }),
          );
          response.on("error", reject);
        },
      );
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error("client timeout")));
      request.on("error", reject);
      request.end(body);
    });
  return {
    name: "node:http",
    post: (path, headers, body) => send("POST", path, headers, body),
    get: (path, headers = {}) => send("GET", path, headers),
    close: () => agent.destroy(),
  };
}

/** Node's built-in `fetch` (undici inside Node, nothing installed), for comparison of client overhead. */
export function fetchTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/$/, "");
  const send = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const plain: http.IncomingHttpHeaders = {};
    response.headers.forEach((value, key) => {
      plain[key] = value;
    });
    return { status: response.status, body: text, headers: plain };
  };
  return {
    name: "fetch",
    post: (path, headers, body) => send("POST", path, headers, body),
    get: (path, headers = {}) => send("GET", path, headers),
    close: () => {},
  };
}

export function makeTransport(kind: TransportKind, baseUrl: string, maxSockets?: number): Transport {
  return kind === "fetch" ? fetchTransport(baseUrl) : nodeHttpTransport(baseUrl, maxSockets);
}
