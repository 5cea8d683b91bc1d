import { ApiError, parseProblem } from "./api-error.ts";

export type UploadProgress = { loaded: number; total: number };

export type UploadOptions = {
  /** Called as the browser sends the file (fetch cannot report upload progress; XHR can). */
  onProgress?: (progress: UploadProgress) => void;
  /** Called once the whole file is sent and the server is working on it. */
  onSent?: () => void;
  signal?: AbortSignal;
};

/** The answer to an upload: its HTTP status and parsed JSON body. */
export type UploadAnswer<T> = { status: number; body: T };

/**
 * Sends one file as multipart/form-data (field `file`) with the session cookie. Resolves
 * with the status and JSON body when `accept(status, body)` says the answer is a result
 * (some results come with a 4xx, e.g. an all-or-nothing import refused); rejects with an
 * ApiError otherwise, or when the request never got an answer.
 */
export function uploadFile<T>(path: string, file: File, accept: (status: number, body: unknown) => boolean, options: UploadOptions = {}): Promise<UploadAnswer<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.upload.onload = () => options.onSent?.();
    xhr.onerror = () => reject(new ApiError("network", 0, null));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if ((xhr.status >= 200 && xhr.status < 300) || accept(xhr.status, body)) resolve({ status: xhr.status, body: body as T });
      else reject(new ApiError("http", xhr.status, parseProblem(body)));
    };
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}
