import { Alert, Group, List, NativeSelect, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { formatDocument } from "../debtors/format-document.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { sandboxedHtml } from "./sandbox-html.ts";
import { useDebtorSearch, type PreviewResult } from "./templates-api.ts";
import classes from "./templates.module.css";

/** Picks the debtor whose real data fills the preview. */
export function DebtorPicker({ creditorId, value, onChange }: { creditorId: string; value: string; onChange: (id: string, label: string) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [q] = useDebouncedValue(query.trim(), 350);
  const search = useDebtorSearch(creditorId, q);
  const items = search.data?.items ?? [];
  const firstItem = items[0];
  useEffect(() => {
    // The first open debtor fills the preview until another is chosen.
    if (!value && firstItem) onChange(firstItem.id, firstItem.name);
  }, [value, firstItem, onChange]);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput type="search" label={t("templates.preview.search")} placeholder={t("templates.preview.searchHint")} value={query} onChange={(event) => setQuery(event.currentTarget.value)} w={220} />
      <NativeSelect
        label={t("templates.preview.debtor")}
        value={value}
        onChange={(event) => {
          const chosen = items.find((d) => d.id === event.currentTarget.value);
          onChange(event.currentTarget.value, chosen?.name ?? "");
        }}
        data={items.length ? items.map((d) => ({ value: d.id, label: `${d.name} · ${formatDocument(d.document)}` })) : [{ value: "", label: search.isPending ? t("common.loading") : t("templates.preview.noDebtor") }]}
        style={{ flex: "1 1 240px" }}
      />
    </Group>
  );
}

/** The rendered message, as the debtor would receive it on its channel. */
export type PreviewState = { status: "idle" } | { status: "loading" } | { status: "error"; error: unknown } | { status: "done"; result: PreviewResult };

export function PreviewView({ state }: { state: PreviewState }) {
  const { t, count } = useI18n();
  if (state.status === "idle") return <Text fz="sm" c="dimmed">{t("templates.preview.choose")}</Text>;
  if (state.status === "loading") return <Skeleton height={260} />;
  if (state.status === "error") return <ErrorAlert error={state.error} title={t("templates.preview.failed")} />;
  const { message, warnings } = state.result;
  return (
    <Stack gap="sm" aria-live="polite">
      {warnings.length > 0 ? (
        <Alert color="yellow" variant="light" title={t("templates.preview.warnings")}>
          <List size="sm">{warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}</List>
        </Alert>
      ) : null}
      {message.channel === "email" ? (
        <>
          <Text fz="sm"><strong>{t("templates.preview.subject")}:</strong> <span data-testid="preview-subject">{message.subject}</span></Text>
          <iframe className={classes.previewFrame} title={t("templates.preview.frame")} sandbox="" srcDoc={sandboxedHtml(message.html ?? "")} />
          <details>
            <summary><Text span fz="sm" fw={600}>{t("templates.preview.textPart")}</Text></summary>
            <Text component="pre" fz="xs" className={classes.script}>{message.text}</Text>
          </details>
        </>
      ) : message.channel === "letter" ? (
        <div className={classes.paper}>
          {message.sender ? <Text fz="xs" c="dimmed" mb="sm">{message.sender.legalName} · CNPJ {message.sender.cnpj} · {message.sender.addressLine}</Text> : null}
          {message.title ? <Text fw={700} mb="sm">{message.title}</Text> : null}
          {message.text}
        </div>
      ) : message.channel === "phone" ? (
        <div className={classes.script}>{message.text}</div>
      ) : (
        <Stack gap={6}>
          <div className={classes.bubble} data-channel={message.channel}>{message.text}</div>
          {message.length !== undefined ? (
            <Text fz="xs" c="dimmed">{t("templates.preview.length", { length: count(message.length), segments: count(message.segments ?? 1) })}</Text>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}
