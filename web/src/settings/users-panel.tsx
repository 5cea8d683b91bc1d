import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, NativeSelect, ScrollArea, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconCheck, IconCopy, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import type { AdminUser, Creditor, Role } from "../api/types.ts";
import { useCurrentUser } from "../auth/user-context.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName } from "../layout/creditor-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useCreateUser, useSetUserActive, useUsers } from "./settings-api.ts";
import classes from "./settings.module.css";

const ROLES: readonly Role[] = ["manager", "collector", "auditor", "admin"];
export const ROLE_COLOR: Record<Role, string> = { admin: "grape", manager: "indigo", collector: "teal", auditor: "orange" };

export const modalProps = (closeLabel: string) => ({
  centered: true,
  radius: "lg" as const,
  styles: { title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } },
  closeButtonProps: { "aria-label": closeLabel },
});

/** The creditors of a user or key, by name. */
export function creditorNames(ids: string[], creditors: Creditor[], allLabel: string): string {
  if (ids.length === 0) return allLabel;
  return ids.map((id) => creditors.find((c) => c.id === id)).map((c, i) => (c ? creditorName(c) : ids[i]!)).join(", ");
}

/** Choosing creditors: a plain list of checkboxes, easy with a keyboard and a screen reader. */
export function CreditorChecklist({ creditors, value, onChange, error, label }: { creditors: Creditor[]; value: string[]; onChange: (ids: string[]) => void; error?: string | null; label: string }) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={error}>
      <ScrollArea.Autosize mah={180} type="auto" mt={6}>
        <Stack gap={6}>
          {creditors.map((c) => (
            <Checkbox key={c.id} value={c.id} label={creditorName(c)} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Checkbox.Group>
  );
}

/** A secret shown once (a generated password, a new API key), with a copy button. */
export function SecretOnce({ label, secret, warning, copyLabel, copiedLabel }: { label: string; secret: string; warning: string; copyLabel: string; copiedLabel: string }) {
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light">
        {warning}
      </Alert>
      <Text fz="sm" fw={600}>
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="stretch">
        <Code block className={classes.secret} data-testid="secret">
          {secret}
        </Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button variant={copied ? "light" : "filled"} color={copied ? "teal" : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? copiedLabel : copyLabel}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

function NewUserModal({ opened, onClose, creditors }: { opened: boolean; onClose: () => void; creditors: Creditor[] }) {
  const { t } = useI18n();
  const create = useCreateUser();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("collector");
  const [creditorIds, setCreditorIds] = useState<string[]>(creditors.length === 1 ? [creditors[0]!.id] : []);
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setName("");
    setEmail("");
    setRole("collector");
    setCreditorIds(creditors.length === 1 ? [creditors[0]!.id] : []);
    setSubmitted(false);
    create.reset();
    onClose();
  }
  const needsCreditor = role !== "admin" && creditorIds.length === 0;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!name.trim() || !email.trim() || needsCreditor) return;
    create.mutate({ name: name.trim(), email: email.trim(), role, creditorIds: role === "admin" ? [] : creditorIds });
  }
  const serverError = (field: string) => (create.error instanceof ApiError ? (create.error.fieldErrors.find((item) => item.field === field)?.reason ?? null) : null);

  return (
    <Modal opened={opened} onClose={close} title={t("users.new")} size="lg" {...modalProps(t("common.close"))}>
      {create.data ? (
        <Stack gap="md">
          <Text>{t("users.created", { name: create.data.user.name, email: create.data.user.email })}</Text>
          {create.data.password ? (
            <SecretOnce label={t("users.passwordLabel")} secret={create.data.password} warning={t("users.passwordOnce")} copyLabel={t("common.copy")} copiedLabel={t("common.copied")} />
          ) : null}
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {create.isError ? <ErrorAlert error={create.error} withFieldErrors={false} /> : null}
            <TextInput label={t("users.name")} required withAsterisk={false} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={submitted && !name.trim() ? t("form.required") : serverError("name")} />
            <TextInput label={t("users.email")} type="email" required withAsterisk={false} value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={submitted && !email.trim() ? t("form.required") : serverError("email")} />
            <NativeSelect
              label={t("users.role")}
              description={t(`roleHint.${role}`)}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
              data={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            />
            {role !== "admin" ? (
              <CreditorChecklist label={t("users.creditors")} creditors={creditors} value={creditorIds} onChange={setCreditorIds} error={submitted && needsCreditor ? t("users.creditorsRequired") : serverError("creditorIds")} />
            ) : (
              <Text fz="sm" c="dimmed">{t("users.adminAll")}</Text>
            )}
            <Text fz="sm" c="dimmed">{t("users.passwordHint")}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
              <Button type="submit" loading={create.isPending}>{t("users.create")}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ConfirmActive({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const { t } = useI18n();
  const setActive = useSetUserActive();
  const close = () => {
    setActive.reset();
    onClose();
  };
  const deactivating = user?.active ?? false;
  return (
    <Modal opened={user !== null} onClose={close} title={deactivating ? t("users.deactivateTitle") : t("users.activateTitle")} {...modalProps(t("common.close"))}>
      <Stack gap="md">
        {setActive.isError ? <ErrorAlert error={setActive.error} /> : null}
        <Text>{user ? t(deactivating ? "users.deactivateText" : "users.activateText", { name: user.name, email: user.email }) : ""}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
          <Button color={deactivating ? "red" : undefined} loading={setActive.isPending} onClick={() => user && setActive.mutate({ userId: user.id, active: !user.active }, { onSuccess: close })}>
            {deactivating ? t("users.deactivate") : t("users.activate")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function UsersPanel({ creditors }: { creditors: Creditor[] }) {
  const { t, date } = useI18n();
  const me = useCurrentUser();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<AdminUser | null>(null);

  return (
    <Stack gap="md" p="lg">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed" maw={640}>{t("users.intro")}</Text>
        <Button leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>{t("users.new")}</Button>
      </Group>
      {users.isError ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : null}
      {users.isPending ? <Skeleton height={120} radius="md" /> : null}
      {users.data ? (
        <TableScroll minWidth={860} label={t("users.tableLabel")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("users.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("users.col.user")}</Table.Th>
                <Table.Th scope="col">{t("users.col.role")}</Table.Th>
                <Table.Th scope="col">{t("users.col.creditors")}</Table.Th>
                <Table.Th scope="col">{t("users.col.status")}</Table.Th>
                <Table.Th scope="col">{t("users.col.createdAt")}</Table.Th>
                <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("users.col.actions")}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((user) => (
                <Table.Tr key={user.id} data-inactive={!user.active || undefined} className={classes.row}>
                  <Table.Td>
                    <Text fz="sm" fw={600}>{user.name}</Text>
                    <Text fz="xs" c="dimmed">{user.email}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ROLE_COLOR[user.role]}>{t(`role.${user.role}`)}</Badge>
                  </Table.Td>
                  <Table.Td fz="sm">{user.role === "admin" ? t("users.allCreditors") : creditorNames(user.creditorIds, creditors, "—")}</Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={user.active ? "teal" : "gray"}>{user.active ? t("users.active") : t("users.inactive")}</Badge>
                  </Table.Td>
                  <Table.Td className="tabular" fz="sm">{date(user.createdAt.slice(0, 10))}</Table.Td>
                  <Table.Td ta="right">
                    {user.id === me.id ? (
                      <Text fz="xs" c="dimmed">{t("users.you")}</Text>
                    ) : (
                      <Button size="compact-sm" variant="subtle" color={user.active ? "red" : "indigo"} onClick={() => setConfirming(user)} aria-label={t(user.active ? "users.deactivateLabel" : "users.activateLabel", { name: user.name })}>
                        {user.active ? t("users.deactivate") : t("users.activate")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      ) : null}
      <NewUserModal opened={creating} onClose={() => setCreating(false)} creditors={creditors} />
      <ConfirmActive user={confirming} onClose={() => setConfirming(null)} />
    </Stack>
  );
}
