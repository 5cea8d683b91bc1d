import { Alert, Button, Checkbox, Group, List, SimpleGrid, Skeleton, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { EmailSettings } from "../api/types.ts";
import { CopyField } from "../debtors/copy-field.tsx";
import { fieldReason } from "../debtors/modal-props.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useEmailSettings, useSaveEmailSettings } from "./policy-api.ts";

type Form = { fromName: string; fromAddress: string; replyTo: string; cc: string; shared: boolean; dkimDomain: string; dkimSelector: string; dkimKey: string };

function formOf(s: EmailSettings): Form {
  return {
    fromName: s.fromName ?? "", fromAddress: s.fromAddress ?? "", replyTo: s.replyTo ?? "", cc: s.cc.join(", "), shared: s.allowSharedMailboxDetails,
    dkimDomain: s.dkim?.domain ?? "", dkimSelector: s.dkim?.selector ?? "", dkimKey: "",
  };
}

/** "a@x.com, b@y.com; c@z.com" → the addresses. */
export function splitAddresses(text: string): string[] {
  return text.split(/[,;\s]+/).map((a) => a.trim()).filter(Boolean);
}

function EmailForm({ creditorId, settings, canEdit }: { creditorId: string; settings: EmailSettings; canEdit: boolean }) {
  const { t, instant } = useI18n();
  const save = useSaveEmailSettings(creditorId);
  const [form, setForm] = useState<Form>(() => formOf(settings));
  const [saved, setSaved] = useState(false);
  const [dkimProblem, setDkimProblem] = useState<string | null>(null);
  const set = (field: keyof Form) => (value: string) => {
    setForm({ ...form, [field]: value });
    setSaved(false);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const hasDkim = form.dkimDomain.trim() !== "" || form.dkimSelector.trim() !== "" || form.dkimKey.trim() !== "";
    if (hasDkim && (form.dkimDomain.trim() === "" || form.dkimSelector.trim() === "")) {
      setDkimProblem(t("emailSettings.dkimBoth"));
      return;
    }
    if (hasDkim && !settings.dkim && form.dkimKey.trim() === "") {
      setDkimProblem(t("emailSettings.dkimKeyNeeded"));
      return;
    }
    setDkimProblem(null);
    // Absent means cleared on this PUT; a JSON null would be coerced to "" by the route's schema.
    const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
    save.mutate(
      {
        fromName: text(form.fromName), fromAddress: text(form.fromAddress), replyTo: text(form.replyTo), cc: splitAddresses(form.cc), allowSharedMailboxDetails: form.shared,
        dkim: hasDkim ? { domain: form.dkimDomain.trim(), selector: form.dkimSelector.trim(), ...(form.dkimKey.trim() ? { privateKey: form.dkimKey.trim() } : {}) } : undefined,
      },
      { onSuccess: (next) => { setForm(formOf(next)); setSaved(true); } },
    );
  }

  const fields = ["fromName", "fromAddress", "replyTo", "cc", "dkim", "dkim.domain", "dkim.selector", "dkim.privateKey"];
  const dkimError = fieldReason(save.error, "dkim") ?? fieldReason(save.error, "dkim.privateKey");
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" p="lg" maw={860}>
        <Text fz="sm">{t("emailSettings.intro")}</Text>
        <Text fz="sm" c="dimmed">{t("emailSettings.effective", { name: settings.effective.fromName, address: settings.effective.fromAddress })}</Text>
        {settings.updatedAt && settings.updatedBy ? <Text fz="xs" c="dimmed">{t("emailSettings.updated", { at: instant(settings.updatedAt), actor: settings.updatedBy.replace(/^user:/, "") })}</Text> : null}
        {saved ? <Alert color="teal" variant="light" role="status">{t("emailSettings.saved")}</Alert> : null}
        {save.isError && !fields.some((f) => fieldReason(save.error, f)) ? <ErrorAlert error={save.error} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t("emailSettings.fromName")} description={t("emailSettings.fromNameHint")} readOnly={!canEdit} value={form.fromName} onChange={(e) => set("fromName")(e.currentTarget.value)} error={fieldReason(save.error, "fromName")} />
          <TextInput type="email" label={t("emailSettings.fromAddress")} description={t("emailSettings.fromAddressHint")} readOnly={!canEdit} value={form.fromAddress} onChange={(e) => set("fromAddress")(e.currentTarget.value)} error={fieldReason(save.error, "fromAddress")} />
          <TextInput type="email" label={t("emailSettings.replyTo")} readOnly={!canEdit} value={form.replyTo} onChange={(e) => set("replyTo")(e.currentTarget.value)} error={fieldReason(save.error, "replyTo")} />
          <TextInput label={t("emailSettings.cc")} description={t("emailSettings.ccHint")} readOnly={!canEdit} value={form.cc} onChange={(e) => set("cc")(e.currentTarget.value)} error={fieldReason(save.error, "cc")} />
        </SimpleGrid>
        {settings.copiesStopped.length ? (
          <section aria-labelledby="copies-stopped-title">
            <Title order={3} fz={15} id="copies-stopped-title" mb={4}>{t("emailSettings.copiesStoppedTitle")}</Title>
            <Text fz="sm" c="dimmed" mb={4}>{t("emailSettings.copiesStoppedIntro")}</Text>
            <List size="sm">
              {settings.copiesStopped.map((c) => (
                <List.Item key={c.address}>{t("emailSettings.copiesStoppedItem", { address: c.address, at: instant(c.at) })}</List.Item>
              ))}
            </List>
          </section>
        ) : null}
        <Checkbox label={t("emailSettings.shared")} description={t("emailSettings.sharedHint")} disabled={!canEdit} checked={form.shared} onChange={(e) => { setForm({ ...form, shared: e.currentTarget.checked }); setSaved(false); }} />
        <section aria-labelledby="dkim-title">
          <Title order={3} fz={15} id="dkim-title" mb={4}>{t("emailSettings.dkimTitle")}</Title>
          <Text fz="sm" c="dimmed" mb="sm">{t("emailSettings.dkimIntro")}</Text>
          {dkimProblem ? <Alert color="red" variant="light" role="alert" mb="sm">{dkimProblem}</Alert> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t("emailSettings.dkimDomain")} placeholder="cobranca.exemplo.com.br" readOnly={!canEdit} value={form.dkimDomain} onChange={(e) => set("dkimDomain")(e.currentTarget.value)} error={fieldReason(save.error, "dkim.domain")} />
            <TextInput label={t("emailSettings.dkimSelector")} placeholder="regua" readOnly={!canEdit} value={form.dkimSelector} onChange={(e) => set("dkimSelector")(e.currentTarget.value)} error={fieldReason(save.error, "dkim.selector")} />
          </SimpleGrid>
          {canEdit ? (
            <Textarea
              mt="md"
              label={t("emailSettings.dkimKey")}
              description={settings.dkim ? t("emailSettings.dkimKeyKept") : t("emailSettings.dkimKeyHint")}
              placeholder="-----BEGIN PRIVATE KEY-----"
              autosize
              minRows={3}
              maxRows={8}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              value={form.dkimKey}
              onChange={(e) => set("dkimKey")(e.currentTarget.value)}
              error={dkimError}
            />
          ) : null}
          {settings.dkim && !settings.dkim.keyReadable ? (
            <Alert color="red" variant="light" role="alert" mt="md">{t("emailSettings.keyUnreadable")}</Alert>
          ) : null}
          {settings.dkim?.dnsRecord ? (
            <Stack gap="xs" mt="md">
              <Text fz="sm">{t("emailSettings.dnsIntro")}</Text>
              <CopyField label={t("emailSettings.dnsName")} value={settings.dkim.dnsName} testId="dkim-name" />
              <CopyField label={t("emailSettings.dnsRecord")} value={settings.dkim.dnsRecord} testId="dkim-record" />
            </Stack>
          ) : null}
        </section>
        {canEdit ? (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>{t("common.save")}</Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** "E-mail": sender, reply-to, copies, the shared-mailbox option and DKIM with the DNS record to publish. */
export function EmailSettingsPanel({ creditorId, canEdit }: { creditorId: string; canEdit: boolean }) {
  const settings = useEmailSettings(creditorId);
  if (settings.isError) return <Stack p="lg"><ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} /></Stack>;
  if (!settings.data) return <Stack p="lg"><Skeleton height={36} /><Skeleton height={36} /></Stack>;
  return <EmailForm key={creditorId} creditorId={creditorId} settings={settings.data} canEdit={canEdit} />;
}
