import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useUpdateDebtor } from "./debtors-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";

/** Sets or clears the debtor's account representative (copied on the collection e-mails); the server validates the address. */
export function RepresentativeModal({
  creditorId, debtorId, current, opened, onClose, onDone,
}: { creditorId: string; debtorId: string; current: string | null; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const t = useT();
  const update = useUpdateDebtor(creditorId, debtorId);
  // null until edited: the field starts from the current address.
  const [value, setValue] = useState<string | null>(null);
  const text = value ?? current ?? "";

  function close() {
    setValue(null);
    update.reset();
    onClose();
  }

  function save(email: string | null) {
    update.mutate({ representativeEmail: email }, {
      onSuccess: (saved) => {
        close();
        onDone(saved.representativeEmail ? t("debtor.representative.saved", { email: saved.representativeEmail }) : t("debtor.representative.removed"));
      },
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(text.trim() === "" ? null : text.trim());
  }

  const fieldError = fieldReason(update.error, "representativeEmail");
  return (
    <Modal opened={opened} onClose={close} title={t("debtor.representative.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {update.isError && !fieldError ? <ErrorAlert error={update.error} withFieldErrors={false} /> : null}
          <TextInput
            label={t("debtor.representative.email")}
            placeholder={t("debtor.representative.placeholder")}
            data-autofocus
            type="email"
            autoComplete="off"
            maxLength={254}
            value={text}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={fieldError}
          />
          <Text fz="sm" c="dimmed">
            {t("debtor.representative.hint")}
          </Text>
          <Group justify="space-between">
            {current ? (
              <Button variant="subtle" color="red" onClick={() => save(null)} disabled={update.isPending}>
                {t("debtor.representative.remove")}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={update.isPending}>
                {t("common.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
