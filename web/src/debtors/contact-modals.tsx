import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import type { Contact, ContactKind } from "../api/types.ts";
import { useT } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useAddContact, useInvalidateContact } from "./debtors-api.ts";
import { formatPhone } from "./format-phone.ts";
import { contactKindLabel } from "./labels.ts";

const KINDS: readonly ContactKind[] = ["email", "phone", "whatsapp", "address"];

const modalProps = (closeLabel: string) => ({
  centered: true,
  radius: "lg" as const,
  styles: { title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } },
  closeButtonProps: { "aria-label": closeLabel },
});

export function AddContactModal({ creditorId, debtorId, opened, onClose, onDone }: { creditorId: string; debtorId: string; opened: boolean; onClose: () => void; onDone: (contact: Contact) => void }) {
  const t = useT();
  const add = useAddContact(creditorId, debtorId);
  const [kind, setKind] = useState<ContactKind>("email");
  const [value, setValue] = useState("");
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setKind("email");
    setValue("");
    setSubmitted(false);
    add.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (value.trim() === "") return;
    add.mutate({ kind, value: value.trim() }, {
      onSuccess: (contact) => {
        close();
        onDone(contact);
      },
    });
  }

  const fieldError = add.error instanceof ApiError ? (add.error.fieldErrors.find((item) => item.field === "value")?.reason ?? null) : null;
  const placeholder = t(`contactForm.placeholder.${kind}`);
  return (
    <Modal opened={opened} onClose={close} title={t("contactForm.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {add.isError && !fieldError ? <ErrorAlert error={add.error} withFieldErrors={false} /> : null}
          <NativeSelect
            label={t("contactForm.kind")}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as ContactKind)}
            data={KINDS.map((item) => ({ value: item, label: contactKindLabel(t, item) }))}
          />
          <TextInput
            label={t("contactForm.value")}
            placeholder={placeholder}
            data-autofocus
            required
            withAsterisk={false}
            type={kind === "email" ? "email" : kind === "address" ? "text" : "tel"}
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={submitted && value.trim() === "" ? t("contactForm.required") : fieldError}
          />
          <Text fz="sm" c="dimmed">
            {t("contactForm.hint")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t("contactForm.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function InvalidateContactModal({ creditorId, debtorId, contact, onClose, onDone }: { creditorId: string; debtorId: string; contact: Contact | null; onClose: () => void; onDone: (contact: Contact) => void }) {
  const t = useT();
  const invalidate = useInvalidateContact(creditorId, debtorId);
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setReason("");
    setSubmitted(false);
    invalidate.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!contact || reason.trim().length < 3) return;
    invalidate.mutate({ contactId: contact.id, reason: reason.trim() }, {
      onSuccess: (updated) => {
        close();
        onDone(updated);
      },
    });
  }

  const shown = contact ? (contact.kind === "phone" || contact.kind === "whatsapp" ? formatPhone(contact.value) : contact.value) : "";
  return (
    <Modal opened={contact !== null} onClose={close} title={t("invalidateForm.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {invalidate.isError ? <ErrorAlert error={invalidate.error} /> : null}
          <Text fz="sm">
            {t("invalidateForm.intro", { kind: contact ? contactKindLabel(t, contact.kind) : "", value: shown })}
          </Text>
          <Textarea
            label={t("invalidateForm.reason")}
            placeholder={t("invalidateForm.reasonPlaceholder")}
            data-autofocus
            required
            withAsterisk={false}
            autosize
            minRows={2}
            maxLength={300}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={submitted && reason.trim().length < 3 ? t("invalidateForm.reasonShort") : null}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red" loading={invalidate.isPending}>
              {t("invalidateForm.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
