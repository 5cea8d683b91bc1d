import { Alert, Button, Group, SimpleGrid, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { CreditorCharges } from "../api/types.ts";
import { fieldReason } from "../debtors/modal-props.ts";
import { formatDecimalInput, parseDecimalInput } from "../debtors/money-input.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useCreditorCharges, useUpdateCharges } from "./policy-api.ts";

type Form = { fine: string; businessFine: string; interest: string; index: string };

function formOf(c: CreditorCharges, locale: "pt-BR" | "en"): Form {
  return {
    fine: formatDecimalInput(c.finePercent, locale),
    businessFine: c.businessFinePercent === null ? "" : formatDecimalInput(c.businessFinePercent, locale),
    interest: formatDecimalInput(c.interestMonthlyPercent, locale),
    index: c.correctionIndex ?? "",
  };
}

function ChargesForm({ creditorId, charges, canEdit }: { creditorId: string; charges: CreditorCharges; canEdit: boolean }) {
  const { t, locale } = useI18n();
  const update = useUpdateCharges(creditorId);
  const [form, setForm] = useState<Form>(() => formOf(charges, locale));
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (field: keyof Form) => (value: string) => {
    setForm({ ...form, [field]: value });
    setSaved(false);
  };

  const fine = parseDecimalInput(form.fine);
  const businessFine = form.businessFine.trim() === "" ? null : parseDecimalInput(form.businessFine);
  const interest = parseDecimalInput(form.interest);
  const local = {
    finePercent: fine === null ? t("chargesForm.percentInvalid") : fine > 2 ? t("chargesForm.fineMax") : null,
    businessFinePercent: form.businessFine.trim() !== "" && businessFine === null ? t("chargesForm.percentInvalid") : businessFine !== null && businessFine > 10 ? t("chargesForm.businessFineMax") : null,
    interestMonthlyPercent: interest === null ? t("chargesForm.percentInvalid") : interest > 10 ? t("chargesForm.interestMax") : null,
  };
  const error = (field: keyof typeof local | "correctionIndex") => (submitted && field !== "correctionIndex" ? local[field] : null) ?? fieldReason(update.error, field);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(local).some(Boolean) || fine === null || interest === null) return;
    update.mutate(
      { finePercent: fine, businessFinePercent: businessFine, interestMonthlyPercent: interest, correctionIndex: form.index.trim() === "" ? null : form.index.trim() },
      { onSuccess: (next) => { setForm(formOf(next, locale)); setSaved(true); setSubmitted(false); } },
    );
  }

  const fieldErrorShown = ["finePercent", "businessFinePercent", "interestMonthlyPercent", "correctionIndex"].some((f) => fieldReason(update.error, f));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" p="lg" maw={760}>
        <Text fz="sm">{t("chargesForm.intro")}</Text>
        {saved ? <Alert color="teal" variant="light" role="status">{t("chargesForm.saved")}</Alert> : null}
        {update.isError && !fieldErrorShown ? <ErrorAlert error={update.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t("chargesForm.fine")} description={t("chargesForm.fineHint")} rightSection="%" inputMode="decimal" readOnly={!canEdit} value={form.fine} onChange={(e) => set("fine")(e.currentTarget.value)} error={error("finePercent")} />
          <TextInput label={t("chargesForm.businessFine")} description={t("chargesForm.businessFineHint")} rightSection="%" inputMode="decimal" readOnly={!canEdit} value={form.businessFine} onChange={(e) => set("businessFine")(e.currentTarget.value)} error={error("businessFinePercent")} />
          <TextInput label={t("chargesForm.interest")} description={t("chargesForm.interestHint")} rightSection="%" inputMode="decimal" readOnly={!canEdit} value={form.interest} onChange={(e) => set("interest")(e.currentTarget.value)} error={error("interestMonthlyPercent")} />
          <TextInput label={t("chargesForm.index")} description={t("chargesForm.indexHint")} placeholder="IPCA" readOnly={!canEdit} value={form.index} onChange={(e) => set("index")(e.currentTarget.value)} error={error("correctionIndex")} />
        </SimpleGrid>
        {canEdit ? (
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** "Encargos": fine, business fine, late interest a month and the correction index. */
export function ChargesPanel({ creditorId, canEdit }: { creditorId: string; canEdit: boolean }) {
  const charges = useCreditorCharges(creditorId);
  if (charges.isError) return <Stack p="lg"><ErrorAlert error={charges.error} onRetry={() => void charges.refetch()} /></Stack>;
  if (!charges.data) return <Stack p="lg"><Skeleton height={36} /><Skeleton height={36} /></Stack>;
  return <ChargesForm key={creditorId} creditorId={creditorId} charges={charges.data} canEdit={canEdit} />;
}
