import { API_BASE } from "./client.js";

/**
 * Uploads a file as the raw request body with XMLHttpRequest, whose upload progress events
 * fetch does not offer. Resolves with the status and parsed JSON body of any answer; rejects
 * only when no answer arrived.
 */
export function uploadWithProgress(
  path: string,
  file: Blob,
  onProgress: (loaded: number, total: number) => void,
): { done: Promise<{ status: number; body: unknown }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
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
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The upload failed: no connection to the server"));
    xhr.onabort = () => reject(new Error("The upload was cancelled"));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
