/**
 * `fetch` that sends a request again while the server refuses it with 503 (admission control:
 * the request was not worked on, so sending it again is safe), as Quorum's web client does. For
 * the tests and benchmarks that load real server processes on a busy machine.
 */
export async function admittedFetch(url: string, init: RequestInit, attempts = 200): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 503 || attempt >= attempts) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
  }
}
