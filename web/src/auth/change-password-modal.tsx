import { Alert, Button, Group, Modal, PasswordInput, Stack } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import { useT } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useChangePassword } from "./session.ts";

type Fields = { currentPassword: string; newPassword: string; confirmation: string };
const EMPTY: Fields = { currentPassword: "", newPassword: "", confirmation: "" };

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const change = useChangePassword();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setFields(EMPTY);
    setSubmitted(false);
    change.reset();
    onClose();
  }

  const required = (value: string) => (submitted && value === "" ? t("password.required") : null);
  const serverFieldError = (field: string) =>
    change.error instanceof ApiError ? (change.error.fieldErrors.find((item) => item.field === field)?.reason ?? null) : null;

  const mismatch = submitted && fields.confirmation !== "" && fields.confirmation !== fields.newPassword;
  const sameAsCurrent = submitted && fields.newPassword !== "" && fields.newPassword === fields.currentPassword;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    const { currentPassword, newPassword, confirmation } = fields;
    if (!currentPassword || !newPassword || !confirmation) return;
    if (newPassword !== confirmation || newPassword === currentPassword) return;
    change.mutate({ currentPassword, newPassword });
  }

  const set = (name: keyof Fields) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFields((previous) => ({ ...previous, [name]: value }));
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("password.title")}
      centered
      radius="lg"
      styles={{ title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } }}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {change.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" role="status">
            {t("password.success")}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            {change.isError ? <ErrorAlert error={change.error} withFieldErrors={false} /> : null}
            <PasswordInput
              visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
              label={t("password.current")}
              autoComplete="current-password"
              required
              withAsterisk={false}
              data-autofocus
              value={fields.currentPassword}
              onChange={set("currentPassword")}
              error={required(fields.currentPassword) ?? serverFieldError("currentPassword")}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
              label={t("password.new")}
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={fields.newPassword}
              onChange={set("newPassword")}
              error={required(fields.newPassword) ?? (sameAsCurrent ? t("password.sameAsCurrent") : null) ?? serverFieldError("newPassword")}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
              label={t("password.confirm")}
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={fields.confirmation}
              onChange={set("confirmation")}
              error={required(fields.confirmation) ?? (mismatch ? t("password.mismatch") : null)}
            />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={change.isPending}>
                {t("password.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
