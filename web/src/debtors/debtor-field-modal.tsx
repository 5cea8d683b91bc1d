import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useUpdateDebtor } from "./debtors-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";

/** The debtor's facts a person sets by hand (`PATCH …/debtors/{id}`), each with its texts and input. */
const FIELDS = {
  /** The account representative, copied on the collection e-mails; the server validates the address. */
  representativeEmail: {
    title: "debtor.representative.title", input: "debtor.representative.email", placeholder: "debtor.representative.placeholder",
    hint: "debtor.representative.hint", remove: "debtor.representative.remove", saved: "debtor.representative.saved", removed: "debtor.representative.removed",
    type: "email", maxLength: 254,
  },
  /** The risk band, which decides the ladder steps with a band condition; the server validates and upper-cases it. */
  riskBand: {
    title: "debtor.riskBand.title", input: "debtor.riskBand.input", placeholder: "debtor.riskBand.placeholder",
    hint: "debtor.riskBand.hint", remove: "debtor.riskBand.remove", saved: "debtor.riskBand.saved", removed: "debtor.riskBand.removed",
    type: "text", maxLength: 20,
  },
} as const satisfies Record<string, Record<"title" | "input" | "placeholder" | "hint" | "remove" | "saved" | "removed", MessageKey> & { type: string; maxLength: number }>;

export type DebtorField = keyof typeof FIELDS;

/** Sets or clears one of the debtor's hand-set facts; blank removes it. */
export function DebtorFieldModal({
  field, creditorId, debtorId, current, opened, onClose, onDone,
}: { field: DebtorField; creditorId: string; debtorId: string; current: string | null; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const t = useT();
  const texts = FIELDS[field];
  const update = useUpdateDebtor(creditorId, debtorId);
  // null until edited: the field starts from the current value.
  const [value, setValue] = useState<string | null>(null);
  const text = value ?? current ?? "";

  function close() {
    setValue(null);
    update.reset();
    onClose();
  }

  function save(next: string | null) {
    update.mutate({ [field]: next }, {
      onSuccess: (saved) => {
        close();
        const stored = saved[field];
        onDone(stored ? t(texts.saved, { value: stored }) : t(texts.removed));
      },
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save(text.trim() === "" ? null : text.trim());
  }

  const fieldError = fieldReason(update.error, field);
  return (
    <Modal opened={opened} onClose={close} title={t(texts.title)} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {update.isError && !fieldError ? <ErrorAlert error={update.error} withFieldErrors={false} /> : null}
          <TextInput
            label={t(texts.input)}
            placeholder={t(texts.placeholder)}
            data-autofocus
            type={texts.type}
            autoComplete="off"
            maxLength={texts.maxLength}
            value={text}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={fieldError}
          />
          <Text fz="sm" c="dimmed">
            {t(texts.hint)}
          </Text>
          <Group justify="space-between">
            {current ? (
              <Button variant="subtle" color="red" onClick={() => save(null)} disabled={update.isPending}>
                {t(texts.remove)}
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
