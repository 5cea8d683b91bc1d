import { ActionIcon, Alert, Badge, Button, Group, NativeSelect, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/api-error.ts";
import type { NegotiationPolicyView } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { BUCKET_FIELDS, addBucket, formToPolicy, policyToForm, removeBucket, type BucketForm, type PolicyForm } from "./negotiation-policy-form.ts";
import { useLadderNames, useNegotiationPolicy, useSaveNegotiationPolicy } from "./policy-api.ts";
import classes from "./settings.module.css";

const COLUMN_LABEL: Record<keyof BucketForm, MessageKey> = {
  fromDays: "negotiationPolicy.col.fromDays",
  toDays: "negotiationPolicy.col.toDays",
  singleCharges: "negotiationPolicy.col.singleCharges",
  singlePrincipal: "negotiationPolicy.col.singlePrincipal",
  instalmentsCharges: "negotiationPolicy.col.instalmentsCharges",
  instalmentsPrincipal: "negotiationPolicy.col.instalmentsPrincipal",
  maxInstalments: "negotiationPolicy.col.maxInstalments",
  minInstalment: "negotiationPolicy.col.minInstalment",
  minDownPaymentPercent: "negotiationPolicy.col.minDownPaymentPercent",
  minDownPayment: "negotiationPolicy.col.minDownPayment",
  interestMonthlyPercent: "negotiationPolicy.col.interestMonthlyPercent",
  firstDueDays: "negotiationPolicy.col.firstDueDays",
};

function PolicyEditor({ creditorId, view, canEdit }: { creditorId: string; view: NegotiationPolicyView; canEdit: boolean }) {
  const { t, locale, instant } = useI18n();
  const save = useSaveNegotiationPolicy(creditorId);
  const ladders = useLadderNames(creditorId);
  const [form, setForm] = useState<PolicyForm>(() => policyToForm(view.policy, locale));
  const [invalid, setInvalid] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors : [];
  const problemAt = (path: string): string | null => (invalid.includes(path) ? t("negotiationPolicy.notNumber") : serverErrors.find((e) => e.field === path)?.reason ?? null);

  function change(next: PolicyForm) {
    setForm(next);
    setSaved(null);
    setInvalid([]);
  }

  function setCell(index: number, key: keyof BucketForm, value: string) {
    change({ ...form, buckets: form.buckets.map((b, i) => (i === index ? { ...b, [key]: value } : b)) });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = formToPolicy(form);
    if (!parsed.ok) {
      setInvalid(parsed.invalid);
      return;
    }
    save.mutate(parsed.policy, {
      onSuccess: (next) => {
        setForm(policyToForm(next.policy, locale));
        setSaved(next.changed === false ? t("negotiationPolicy.unchanged") : t("negotiationPolicy.saved", { version: next.version }));
      },
    });
  }

  const general: { key: keyof Omit<PolicyForm, "buckets" | "ladderId">; path: string; label: MessageKey; hint: MessageKey; suffix?: string; prefix?: string }[] = [
    { key: "affordabilityPercent", path: "affordabilityPercent", label: "negotiationPolicy.affordability", hint: "negotiationPolicy.affordabilityHint", suffix: "%" },
    { key: "minimumExistential", path: "minimumExistentialCents", label: "negotiationPolicy.minimumExistential", hint: "negotiationPolicy.minimumExistentialHint", prefix: "R$" },
    { key: "breakAfterDays", path: "breakAfterDays", label: "negotiationPolicy.breakAfterDays", hint: "negotiationPolicy.breakAfterDaysHint" },
    { key: "promiseMaxDays", path: "promiseMaxDays", label: "negotiationPolicy.promiseMaxDays", hint: "negotiationPolicy.promiseMaxDaysHint" },
  ];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" p="lg">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fz="sm" maw={760}>{t("negotiationPolicy.intro")}</Text>
          <Badge variant="light" color={view.customized ? "indigo" : "gray"}>
            {view.customized ? t("negotiationPolicy.version", { version: view.version }) : t("negotiationPolicy.defaults")}
          </Badge>
        </Group>
        {view.updatedAt && view.updatedBy ? <Text fz="xs" c="dimmed">{t("negotiationPolicy.updated", { at: instant(view.updatedAt), actor: view.updatedBy.replace(/^user:/, "") })}</Text> : null}
        {saved ? <Alert color="teal" variant="light" role="status">{saved}</Alert> : null}
        {invalid.length ? <Alert color="red" variant="light" role="alert">{t("negotiationPolicy.fixCells", { count: invalid.length })}</Alert> : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        <section aria-labelledby="buckets-title">
          <Title order={3} fz={15} id="buckets-title" mb="xs">{t("negotiationPolicy.bucketsTitle")}</Title>
          <TableScroll minWidth={1500} label={t("negotiationPolicy.bucketsTitle")}>
            <Table verticalSpacing={4} horizontalSpacing={6} className={classes.table} aria-labelledby="buckets-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("negotiationPolicy.col.bucket")}</Table.Th>
                  {BUCKET_FIELDS.map((f) => (
                    <Table.Th key={f.key} scope="col" style={{ whiteSpace: "normal", minWidth: 96 }}>{t(COLUMN_LABEL[f.key])}</Table.Th>
                  ))}
                  {canEdit ? <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("negotiationPolicy.col.remove")}</span></Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {form.buckets.map((bucket, index) => {
                  const name = t("negotiationPolicy.bucketName", { number: index + 1 });
                  return (
                    <Table.Tr key={index}>
                      <Table.Th scope="row" style={{ whiteSpace: "nowrap" }}>{name}</Table.Th>
                      {BUCKET_FIELDS.map((f) => {
                        const problem = problemAt(`buckets[${index}].${f.path}`);
                        return (
                          <Table.Td key={f.key}>
                            <TextInput
                              aria-label={`${t(COLUMN_LABEL[f.key])} — ${name}`}
                              size="xs"
                              inputMode={f.kind === "percent" || f.kind === "money" ? "decimal" : "numeric"}
                              placeholder={f.kind === "optionalDays" ? t("negotiationPolicy.noEnd") : undefined}
                              value={bucket[f.key]}
                              readOnly={!canEdit}
                              onChange={(e) => setCell(index, f.key, e.currentTarget.value)}
                              error={problem}
                            />
                          </Table.Td>
                        );
                      })}
                      {canEdit ? (
                        <Table.Td>
                          <ActionIcon variant="subtle" color="red" disabled={form.buckets.length <= 1} onClick={() => change(removeBucket(form, index))} aria-label={t("negotiationPolicy.removeBucket", { bucket: name })}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {canEdit ? (
            <Button mt="sm" size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => change(addBucket(form))}>
              {t("negotiationPolicy.addBucket")}
            </Button>
          ) : null}
          <Text fz="xs" c="dimmed" mt="xs">{t("negotiationPolicy.bucketsHint")}</Text>
        </section>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {general.map((g) => (
            <TextInput
              key={g.key}
              label={t(g.label)}
              description={t(g.hint)}
              inputMode="decimal"
              rightSection={g.suffix}
              leftSection={g.prefix ? <Text fz="sm" c="dimmed">{g.prefix}</Text> : undefined}
              value={form[g.key]}
              readOnly={!canEdit}
              onChange={(e) => change({ ...form, [g.key]: e.currentTarget.value })}
              error={problemAt(g.path)}
            />
          ))}
          <NativeSelect
            label={t("negotiationPolicy.ladder")}
            description={t("negotiationPolicy.ladderHint")}
            value={form.ladderId}
            disabled={!canEdit}
            onChange={(e) => change({ ...form, ladderId: e.currentTarget.value })}
            error={problemAt("ladderId")}
            data={[{ value: "", label: t("negotiationPolicy.ladderRules") }, ...(ladders.data?.items ?? []).map((l) => ({ value: l.id, label: l.name })), ...(form.ladderId && !ladders.data?.items.some((l) => l.id === form.ladderId) ? [{ value: form.ladderId, label: form.ladderId }] : [])]}
          />
        </SimpleGrid>
        {canEdit ? (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t("negotiationPolicy.save")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** "Política de negociação": what may be offered per aging bucket; the server validates the whole table. */
export function NegotiationPolicyPanel({ creditorId, canEdit }: { creditorId: string; canEdit: boolean }) {
  const policy = useNegotiationPolicy(creditorId);
  if (policy.isError) return <Stack p="lg"><ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} /></Stack>;
  if (!policy.data) return <Stack p="lg"><Skeleton height={36} /><Skeleton height={200} /></Stack>;
  return <PolicyEditor key={creditorId} creditorId={creditorId} view={policy.data} canEdit={canEdit} />;
}
