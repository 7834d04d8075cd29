import type { BodyCheck } from "./body-check.js";
import { API_BASE, ApiError, acceptedBody, errorFromBody } from "./client.js";

/**
 * Uploads a file as the raw request body with XMLHttpRequest, whose upload progress events
 * fetch does not offer. Resolves with the checked body of a 2xx answer; rejects with an ApiError
 * like `api` does (the error answer's parsed body in `body`).
 */
export function uploadWithProgress<T>(
  path: string,
  file: Blob,
  check: BodyCheck<T>,
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open("POST", `${API_BASE}${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      try {
        if (xhr.status < 200 || xhr.status > 299) throw errorFromBody(xhr.status, body);
        resolve(acceptedBody(path, xhr.status, body, check));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "The upload failed: no connection to the server"));
    xhr.onabort = () => reject(new Error("The upload was cancelled"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
