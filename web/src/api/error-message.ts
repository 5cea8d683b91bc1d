import type { Translate } from "../i18n/i18n-context.tsx";
import { ApiError } from "./api-error.ts";

/** The sentence to show a person for a failed call: the server's detail when it sent one. */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.kind === "network") return t("error.network");
    return error.detail ?? t("error.unexpected", { status: error.status });
  }
  return t("error.unexpected", { status: "?" });
}

/** Whether trying the same call again may succeed: no answer, or a server-side (5xx) failure. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.kind === "network" || error.status >= 500;
}
