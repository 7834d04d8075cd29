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
  close(): void;
}

export type TransportKind = "http" | "fetch";

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * `node:http` with one keep-alive agent per server (256 sockets at most, more than the 200
 * workers, so no request ever queues inside the client).
 */
export function nodeHttpTransport(baseUrl: string): Transport {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const host = url.hostname;
  const port = Number(url.port);
  return {
    name: "node:http",
    post(path, headers, body) {
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            host,
            port,
            method: "POST",
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
    },
    close: () => agent.destroy(),
  };
}

/** Node's built-in `fetch` (undici inside Node, nothing installed), for comparison of client overhead. */
export function fetchTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/$/, "");
  return {
    name: "fetch",
    async post(path, headers, body) {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
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
    },
    close: () => {},
  };
}

export function makeTransport(kind: TransportKind, baseUrl: string): Transport {
  return kind === "fetch" ? fetchTransport(baseUrl) : nodeHttpTransport(baseUrl);
}
