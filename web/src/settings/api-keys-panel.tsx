import { Badge, Button, Group, Modal, NativeSelect, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import type { ApiKey, Creditor } from "../api/types.ts";
import { actorLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type NewApiKey } from "./settings-api.ts";
import { CreditorChecklist, ROLE_COLOR, SecretOnce, creditorNames, modalProps } from "./users-panel.tsx";
import classes from "./settings.module.css";

const KEY_ROLES: readonly NewApiKey["role"][] = ["manager", "collector", "auditor"];

function NewKeyModal({ opened, onClose, creditors, defaultCreditorId }: { opened: boolean; onClose: () => void; creditors: Creditor[]; defaultCreditorId: string }) {
  const { t } = useI18n();
  const create = useCreateApiKey();
  const [name, setName] = useState("");
  const [role, setRole] = useState<NewApiKey["role"]>("manager");
  const [creditorIds, setCreditorIds] = useState<string[]>([defaultCreditorId]);
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setName("");
    setRole("manager");
    setCreditorIds([defaultCreditorId]);
    setSubmitted(false);
    create.reset();
    onClose();
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!name.trim() || creditorIds.length === 0) return;
    create.mutate({ name: name.trim(), role, creditorIds });
  }
  const serverError = (field: string) => (create.error instanceof ApiError ? (create.error.fieldErrors.find((item) => item.field === field)?.reason ?? null) : null);

  return (
    <Modal opened={opened} onClose={close} title={t("apiKeys.new")} size="lg" {...modalProps(t("common.close"))}>
      {create.data ? (
        <Stack gap="md">
          <SecretOnce label={t("apiKeys.keyLabel", { name })} secret={create.data.key} warning={t("apiKeys.keyOnce")} copyLabel={t("common.copy")} copiedLabel={t("common.copied")} />
          <Text fz="sm" c="dimmed">{t("apiKeys.usage")}</Text>
          <Group justify="flex-end">
            <Button onClick={close}>{t("apiKeys.stored")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError ? <ErrorAlert error={create.error} withFieldErrors={false} /> : null}
            <TextInput label={t("apiKeys.name")} description={t("apiKeys.nameHint")} required withAsterisk={false} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={submitted && !name.trim() ? t("form.required") : serverError("name")} />
            <NativeSelect
              label={t("apiKeys.role")}
              description={t(`roleHint.${role}`)}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as NewApiKey["role"])}
              data={KEY_ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            />
            <CreditorChecklist label={t("apiKeys.creditors")} creditors={creditors} value={creditorIds} onChange={setCreditorIds} error={submitted && creditorIds.length === 0 ? t("users.creditorsRequired") : serverError("creditorIds")} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
              <Button type="submit" loading={create.isPending}>{t("apiKeys.create")}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ConfirmRevoke({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const { t } = useI18n();
  const revoke = useRevokeApiKey();
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal opened={apiKey !== null} onClose={close} title={t("apiKeys.revokeTitle")} {...modalProps(t("common.close"))}>
      <Stack gap="md">
        {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
        <Text>{apiKey ? t("apiKeys.revokeText", { name: apiKey.name }) : ""}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
          <Button color="red" loading={revoke.isPending} onClick={() => apiKey && revoke.mutate(apiKey.id, { onSuccess: close })}>
            {t("apiKeys.revoke")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ApiKeysPanel({ creditors, creditorId }: { creditors: Creditor[]; creditorId: string }) {
  const { t, date, instant } = useI18n();
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  return (
    <Stack gap="md" p="lg">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed" maw={640}>{t("apiKeys.intro")}</Text>
        <Button leftSection={<IconKey size={18} />} onClick={() => setCreating(true)}>{t("apiKeys.new")}</Button>
      </Group>
      {keys.isError ? <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      {keys.isPending ? <Skeleton height={120} radius="md" /> : null}
      {keys.data && keys.data.items.length === 0 ? <Text c="dimmed" fz="sm">{t("apiKeys.empty")}</Text> : null}
      {keys.data && keys.data.items.length > 0 ? (
        <TableScroll minWidth={900} label={t("apiKeys.tableLabel")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("apiKeys.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("apiKeys.col.name")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.col.role")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.col.creditors")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.col.created")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.col.lastUsed")}</Table.Th>
                <Table.Th scope="col">{t("apiKeys.col.status")}</Table.Th>
                <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("users.col.actions")}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.items.map((key) => (
                <Table.Tr key={key.id} data-inactive={key.revokedAt ? true : undefined} className={classes.row}>
                  <Table.Td>
                    <Text fz="sm" fw={600}>{key.name}</Text>
                    <Text fz="xs" c="dimmed" className="tabular">rk_{key.id}_…</Text>
                  </Table.Td>
                  <Table.Td><Badge variant="light" color={ROLE_COLOR[key.role]}>{t(`role.${key.role}`)}</Badge></Table.Td>
                  <Table.Td fz="sm">{creditorNames(key.creditorIds, creditors, "—")}</Table.Td>
                  <Table.Td fz="sm">
                    <span className="tabular">{date(key.createdAt.slice(0, 10))}</span>
                    {key.createdBy ? <Text fz="xs" c="dimmed">{t("apiKeys.by", { actor: actorLabel(t, key.createdBy) })}</Text> : null}
                  </Table.Td>
                  <Table.Td fz="sm" className="tabular">{key.lastUsedAt ? instant(key.lastUsedAt) : "—"}</Table.Td>
                  <Table.Td>
                    {key.revokedAt ? (
                      <Badge variant="dot" color="gray">{t("apiKeys.revokedOn", { date: date(key.revokedAt.slice(0, 10)) })}</Badge>
                    ) : (
                      <Badge variant="dot" color="teal">{t("apiKeys.active")}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {key.revokedAt ? null : (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(key)} aria-label={t("apiKeys.revokeLabel", { name: key.name })}>
                        {t("apiKeys.revoke")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      ) : null}
      <NewKeyModal opened={creating} onClose={() => setCreating(false)} creditors={creditors} defaultCreditorId={creditorId} />
      <ConfirmRevoke apiKey={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}
