import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useUpdateDebtor } from "./debtors-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";

/** Sets or clears the debtor's risk band (which ladder steps with a band condition apply); the server validates and upper-cases it. */
export function RiskBandModal({
  creditorId, debtorId, current, opened, onClose, onDone,
}: { creditorId: string; debtorId: string; current: string | null; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const t = useT();
  const update = useUpdateDebtor(creditorId, debtorId);
  // null until edited: the field starts from the current band.
  const [value, setValue] = useState<string | null>(null);
  const text = value ?? current ?? "";

  function close() {
    setValue(null);
    update.reset();
    onClose();
  }

  function save(band: string | null) {
    update.mutate({ riskBand: band }, {
      onSuccess: (saved) => {
        close();
        onDone(saved.riskBand ? t("debtor.riskBand.saved", { band: saved.riskBand }) : t("debtor.riskBand.removed"));
      },
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(text.trim() === "" ? null : text.trim());
  }

  const fieldError = fieldReason(update.error, "riskBand");
  return (
    <Modal opened={opened} onClose={close} title={t("debtor.riskBand.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {update.isError && !fieldError ? <ErrorAlert error={update.error} withFieldErrors={false} /> : null}
          <TextInput
            label={t("debtor.riskBand.input")}
            placeholder={t("debtor.riskBand.placeholder")}
            data-autofocus
            autoComplete="off"
            maxLength={20}
            value={text}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={fieldError}
          />
          <Text fz="sm" c="dimmed">
            {t("debtor.riskBand.hint")}
          </Text>
          <Group justify="space-between">
            {current ? (
              <Button variant="subtle" color="red" onClick={() => save(null)} disabled={update.isPending}>
                {t("debtor.riskBand.remove")}
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
