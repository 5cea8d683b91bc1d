import { Alert, Button, List } from "@mantine/core";
import { ApiError } from "../api/api-error.ts";
import { errorMessage, isRetryable } from "../api/error-message.ts";
import { useT } from "../i18n/i18n-context.tsx";
import { IconAlert } from "./icons.tsx";

/** Shows a failed call with the server's Portuguese detail and, for transient failures, a retry button. */
export function ErrorAlert({
  error,
  onRetry,
  title,
  withFieldErrors = true,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  /** List the problem's per-field errors; turn off when the form shows them beside its inputs. */
  withFieldErrors?: boolean;
}) {
  const t = useT();
  const fieldErrors = withFieldErrors && error instanceof ApiError ? error.fieldErrors : [];
  return (
    <Alert color="red" variant="light" role="alert" title={title ?? t("error.title")} icon={<IconAlert />}>
      <div>{errorMessage(error, t)}</div>
      {fieldErrors.length > 0 ? (
        <List size="sm" mt="xs">
          {fieldErrors.map((item) => (
            <List.Item key={`${item.field}:${item.reason}`}>
              <strong>{item.field}</strong>: {item.reason}
            </List.Item>
          ))}
        </List>
      ) : null}
      {onRetry && isRetryable(error) ? (
        <Button variant="white" color="red" size="xs" mt="sm" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      ) : null}
    </Alert>
  );
}
