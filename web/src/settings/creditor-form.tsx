import { Alert, Button, Grid, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import type { Creditor } from "../api/types.ts";
import { formatDocument } from "../debtors/format-document.ts";
import { enumLabel } from "../debtors/labels.ts";
import { UFS } from "../debtors/ufs.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useUpdateCreditor, type CreditorPatch } from "./settings-api.ts";

export const SECTORS = ["financial", "telecom", "utilities", "retail", "education", "health", "other"] as const;

type Fields = { legalName: string; tradeName: string; address: string; city: string; state: string; zip: string; sector: string };

const fieldsOf = (c: Creditor): Fields => ({
  legalName: c.legalName, tradeName: c.tradeName ?? "", address: c.address, city: c.city, state: c.state, zip: formatZip(c.zip ?? ""), sector: c.sector,
});

/** "01310100" → "01310-100" while typing; anything else as typed. */
export function formatZip(value: string): string {
  const digits = value.replace(/\D/g, "").slice(0, 8);
  return digits.length > 5 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
}

/** "America/Sao_Paulo" → "America/Sao_Paulo (GMT-3)". */
function zoneText(timeZone: string): string {
  try {
    const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(new Date()).find((part) => part.type === "timeZoneName")?.value;
    return offset ? `${timeZone} (${offset})` : timeZone;
  } catch {
    return timeZone;
  }
}

/** The creditor's identity as every message shows it (CDC art. 42-A), editable by admins and managers. */
export function CreditorForm({ creditor, canEdit }: { creditor: Creditor; canEdit: boolean }) {
  const { t } = useI18n();
  const update = useUpdateCreditor(creditor.id);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(creditor));
  const [saved, setSaved] = useState(false);
  const initial = fieldsOf(creditor);
  const changed = (Object.keys(fields) as (keyof Fields)[]).filter((key) => fields[key] !== initial[key]);

  const set = (name: keyof Fields) => (event: { currentTarget: { value: string } }) => {
    const value = name === "zip" ? formatZip(event.currentTarget.value) : event.currentTarget.value;
    setFields((previous) => ({ ...previous, [name]: value }));
    setSaved(false);
  };
  const serverError = (field: string) => (update.error instanceof ApiError ? (update.error.fieldErrors.find((item) => item.field === field)?.reason ?? null) : null);
  const legalNameMissing = fields.legalName.trim() === "";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (legalNameMissing || changed.length === 0) return;
    const patch: CreditorPatch = {};
    for (const key of changed) patch[key] = key === "zip" ? fields.zip.replace(/\D/g, "") : fields[key].trim();
    update.mutate(patch, {
      onSuccess: (next) => {
        setFields(fieldsOf(next));
        setSaved(true);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" p="lg">
        <Text fz="sm" c="dimmed">
          {t("creditorForm.intro")}
        </Text>
        {update.isError ? <ErrorAlert error={update.error} withFieldErrors={false} /> : null}
        {saved ? (
          <Alert color="teal" variant="light" role="status">
            {t("creditorForm.saved")}
          </Alert>
        ) : null}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t("creditorForm.legalName")} required withAsterisk={false} readOnly={!canEdit} value={fields.legalName} onChange={set("legalName")} error={legalNameMissing ? t("creditorForm.required") : serverError("legalName")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t("creditorForm.tradeName")} readOnly={!canEdit} value={fields.tradeName} onChange={set("tradeName")} error={serverError("tradeName")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t("creditorForm.cnpj")} variant="filled" readOnly value={formatDocument(creditor.cnpj)} description={t("creditorForm.cnpjHint")} className="tabular" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <NativeSelect
              label={t("creditorForm.sector")}
              disabled={!canEdit}
              value={fields.sector}
              onChange={set("sector")}
              data={SECTORS.map((value) => ({ value, label: enumLabel(t, "sector", value) }))}
              error={serverError("sector")}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput label={t("creditorForm.address")} description={t("creditorForm.addressHint")} readOnly={!canEdit} value={fields.address} onChange={set("address")} error={serverError("address")} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <TextInput label={t("creditorForm.city")} readOnly={!canEdit} value={fields.city} onChange={set("city")} error={serverError("city")} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <NativeSelect
              label={t("creditorForm.state")}
              disabled={!canEdit}
              value={fields.state}
              onChange={set("state")}
              data={[{ value: "", label: t("creditorForm.stateNone") }, ...UFS.map((uf) => ({ value: uf.code, label: `${uf.code} — ${uf.name}` }))]}
              error={serverError("state")}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4 }}>
            <TextInput label={t("creditorForm.zip")} inputMode="numeric" placeholder="00000-000" readOnly={!canEdit} value={fields.zip} onChange={set("zip")} error={serverError("zip")} className="tabular" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t("creditorForm.timeZone")} variant="filled" readOnly value={zoneText(creditor.timeZone)} description={t("creditorForm.timeZoneHint")} />
          </Grid.Col>
        </Grid>
        {canEdit ? (
          <Group justify="flex-end" gap="sm">
            {changed.length > 0 ? (
              <Button variant="default" onClick={() => setFields(initial)}>
                {t("creditorForm.discard")}
              </Button>
            ) : null}
            <Button type="submit" loading={update.isPending} disabled={changed.length === 0}>
              {t("common.save")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
