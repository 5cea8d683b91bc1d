import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { apiGet, apiPath } from "../api/client.ts";
import type { ImportHistory, ImportResult } from "../api/types.ts";
import { uploadFile } from "../api/upload.ts";
import { creditorPath } from "../debtors/debtors-api.ts";

export function useImportHistory(creditorId: string) {
  return useInfiniteQuery({
    queryKey: ["creditors", creditorId, "imports"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => apiGet<ImportHistory>(apiPath(`${creditorPath(creditorId)}/imports`, { limit: 20, before: pageParam }), { signal }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

export type ImportOptions = { dryRun: boolean; allOrNothing: boolean };

/** What the upload is doing: sending (with the share sent), processing on the server, done or failed. */
export type UploadState =
  | { phase: "idle" }
  | { phase: "sending"; percent: number }
  | { phase: "processing" }
  | { phase: "done"; result: ImportResult; refused: boolean; fileName: string; options: ImportOptions; run: number }
  | { phase: "failed"; error: unknown };

const isResult = (body: unknown): body is ImportResult => typeof body === "object" && body !== null && "imported" in body && Array.isArray((body as ImportResult).rejected);

/** Uploads a portfolio file to the import route, reporting progress; a 422 with a report is an all-or-nothing refusal. */
export function useImportUpload(creditorId: string) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<UploadState>({ phase: "idle" });
  const abort = useRef<AbortController | null>(null);
  const runs = useRef(0);

  const start = useCallback(
    async (file: File, options: ImportOptions) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setState({ phase: "sending", percent: 0 });
      try {
        const path = apiPath(`${creditorPath(creditorId)}/imports`, { dryRun: options.dryRun ? "true" : null, allOrNothing: options.allOrNothing ? "true" : null });
        const answer = await uploadFile<ImportResult>(path, file, (status, body) => status === 422 && isResult(body), {
          signal: controller.signal,
          onProgress: ({ loaded, total }) => setState({ phase: "sending", percent: total > 0 ? Math.round((loaded / total) * 100) : 0 }),
          onSent: () => setState({ phase: "processing" }),
        });
        runs.current += 1;
        setState({ phase: "done", result: answer.body, refused: answer.status === 422, fileName: file.name, options, run: runs.current });
        if (!options.dryRun) {
          void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "imports"] });
          void queryClient.invalidateQueries({ queryKey: ["creditors", creditorId, "debtors"] });
        }
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") return;
        setState({ phase: "failed", error });
      }
    },
    [creditorId, queryClient],
  );

  const reset = useCallback(() => {
    abort.current?.abort();
    setState({ phase: "idle" });
  }, []);

  return { state, start, reset };
}
