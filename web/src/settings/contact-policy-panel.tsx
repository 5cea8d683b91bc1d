import { Alert, Badge, Button, Checkbox, Group, NativeSelect, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { ContactPolicy } from "../api/types.ts";
import { channelLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import {
  DAY_KINDS, POLICY_CHANNELS, capsToForm, dayProblem, formToCaps, formToWindows, windowsToForm, type CapsForm, type DayKind, type WindowsForm,
} from "./contact-policy-form.ts";
import { useContactPolicy, useSaveContactPolicy } from "./policy-api.ts";
import classes from "./settings.module.css";

const DAY_LABEL: Record<DayKind, MessageKey> = { weekday: "contactPolicy.day.weekday", saturday: "contactPolicy.day.saturday", sunday: "contactPolicy.day.sunday", holidays: "contactPolicy.day.holidays" };

function PolicyForm({ creditorId, policy, canEdit }: { creditorId: string; policy: ContactPolicy; canEdit: boolean }) {
  const { t } = useI18n();
  const save = useSaveContactPolicy(creditorId);
  const [windows, setWindows] = useState<WindowsForm>(() => windowsToForm(policy.windows));
  const [caps, setCaps] = useState<CapsForm>(() => capsToForm(policy.caps, t("contactPolicy.unlimited")));
  const [channel, setChannel] = useState<string>("default");
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const week = windows[channel] ?? null;
  const touched = () => {
    setSaved(false);
    setProblem(null);
  };

  function setDay(kind: DayKind, patch: Partial<{ allowed: boolean; from: string; to: string }>) {
    if (!week) return;
    setWindows({ ...windows, [channel]: { ...week, [kind]: { ...week[kind], ...patch } } });
    touched();
  }

  function setOwn(own: boolean) {
    setWindows({ ...windows, [channel]: own ? { ...windows.default! } : null });
    touched();
  }

  function setCap(row: string, column: "perDay" | "perWeek", value: string) {
    setCaps({ ...caps, [column]: { ...caps[column], [row]: value } });
    touched();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const w = formToWindows(windows);
    if (!w.ok) {
      const [where, day] = w.at.split(".") as [string, DayKind];
      setChannel(where);
      setProblem(t("contactPolicy.problemWindow", { channel: where === "default" ? t("contactPolicy.default") : channelLabel(t, where), day: t(DAY_LABEL[day]) }));
      return;
    }
    const c = formToCaps(caps);
    if (!c.ok) {
      setProblem(t("contactPolicy.problemCap", { cell: c.at }));
      return;
    }
    save.mutate({ windows: w.windows, caps: c.caps }, {
      onSuccess: (next) => {
        setWindows(windowsToForm(next.windows));
        setCaps(capsToForm(next.caps, t("contactPolicy.unlimited")));
        setSaved(true);
      },
    });
  }

  function restore() {
    save.mutate({ windows: null, caps: null }, {
      onSuccess: (next) => {
        setWindows(windowsToForm(next.windows));
        setCaps(capsToForm(next.caps, t("contactPolicy.unlimited")));
        setSaved(true);
      },
    });
  }

  const rows = ["default", ...POLICY_CHANNELS];
  const rowName = (row: string) => (row === "default" ? t("contactPolicy.default") : channelLabel(t, row));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" p="lg">
        <Text fz="sm">{t("contactPolicy.intro")}</Text>
        {saved ? <Alert color="teal" variant="light" role="status">{t("contactPolicy.saved")}</Alert> : null}
        {problem ? <Alert color="red" variant="light" role="alert">{problem}</Alert> : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}

        <section aria-labelledby="windows-title">
          <Group gap="xs" mb="xs">
            <Title order={3} fz={15} id="windows-title">{t("contactPolicy.windowsTitle")}</Title>
            {policy.customized.windows ? <Badge variant="light" size="sm">{t("contactPolicy.customized")}</Badge> : null}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mb="sm">
            <NativeSelect
              label={t("contactPolicy.channel")}
              value={channel}
              onChange={(e) => setChannel(e.currentTarget.value)}
              data={rows.map((row) => ({ value: row, label: row !== "default" && windows[row] ? `${rowName(row)} — ${t("contactPolicy.ownWindows")}` : rowName(row) }))}
            />
            {channel !== "default" ? (
              <Checkbox mt={{ base: 0, sm: 30 }} label={t("contactPolicy.followDefault")} checked={week === null} disabled={!canEdit} onChange={(e) => setOwn(!e.currentTarget.checked)} />
            ) : null}
          </SimpleGrid>
          {week ? (
            <TableScroll minWidth={520} label={t("contactPolicy.windowsOf", { channel: rowName(channel) })}>
              <Table verticalSpacing="xs" horizontalSpacing="sm" className={classes.table} aria-label={t("contactPolicy.windowsOf", { channel: rowName(channel) })}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("contactPolicy.col.day")}</Table.Th>
                    <Table.Th scope="col">{t("contactPolicy.col.allowed")}</Table.Th>
                    <Table.Th scope="col">{t("contactPolicy.col.from")}</Table.Th>
                    <Table.Th scope="col">{t("contactPolicy.col.to")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {DAY_KINDS.map((kind) => {
                    const day = week[kind];
                    const dayName = t(DAY_LABEL[kind]);
                    const issue = dayProblem(day);
                    return (
                      <Table.Tr key={kind}>
                        <Table.Th scope="row" fw={600}>{dayName}</Table.Th>
                        <Table.Td>
                          <Checkbox aria-label={t("contactPolicy.allowOn", { day: dayName })} checked={day.allowed} disabled={!canEdit} onChange={(e) => setDay(kind, { allowed: e.currentTarget.checked })} />
                        </Table.Td>
                        <Table.Td>
                          <TextInput aria-label={t("contactPolicy.fromOn", { day: dayName })} w={96} placeholder="08:00" value={day.from} disabled={!day.allowed} readOnly={!canEdit} onChange={(e) => setDay(kind, { from: e.currentTarget.value })} error={issue ? true : undefined} />
                        </Table.Td>
                        <Table.Td>
                          <TextInput aria-label={t("contactPolicy.toOn", { day: dayName })} w={96} placeholder="20:00" value={day.to} disabled={!day.allowed} readOnly={!canEdit} onChange={(e) => setDay(kind, { to: e.currentTarget.value })} error={issue ? t(issue) : undefined} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </TableScroll>
          ) : (
            <Text fz="sm" c="dimmed">{t("contactPolicy.followsDefault", { channel: rowName(channel) })}</Text>
          )}
          <Text fz="xs" c="dimmed" mt="xs">{t("contactPolicy.windowsHint")}</Text>
        </section>

        <section aria-labelledby="caps-title">
          <Group gap="xs" mb="xs">
            <Title order={3} fz={15} id="caps-title">{t("contactPolicy.capsTitle")}</Title>
            {policy.customized.caps ? <Badge variant="light" size="sm">{t("contactPolicy.customized")}</Badge> : null}
          </Group>
          <TableScroll minWidth={460} label={t("contactPolicy.capsTitle")}>
            <Table verticalSpacing={4} horizontalSpacing="sm" className={classes.table} aria-label={t("contactPolicy.capsTitle")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("contactPolicy.channel")}</Table.Th>
                  <Table.Th scope="col">{t("contactPolicy.col.perDay")}</Table.Th>
                  <Table.Th scope="col">{t("contactPolicy.col.perWeek")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row}>
                    <Table.Th scope="row" fw={row === "default" ? 700 : 500}>{rowName(row)}</Table.Th>
                    {(["perDay", "perWeek"] as const).map((column) => (
                      <Table.Td key={column}>
                        <TextInput
                          aria-label={t(column === "perDay" ? "contactPolicy.perDayOf" : "contactPolicy.perWeekOf", { channel: rowName(row) })}
                          w={130}
                          placeholder={row === "default" ? t("contactPolicy.unlimited") : t("contactPolicy.asDefault")}
                          value={caps[column][row] ?? ""}
                          readOnly={!canEdit}
                          onChange={(e) => setCap(row, column, e.currentTarget.value)}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="sm">
            <TextInput label={t("contactPolicy.totalPerDay")} placeholder={t("contactPolicy.unlimited")} value={caps.totalPerDay} readOnly={!canEdit} onChange={(e) => { setCaps({ ...caps, totalPerDay: e.currentTarget.value }); touched(); }} />
            <TextInput label={t("contactPolicy.totalPerWeek")} placeholder={t("contactPolicy.unlimited")} value={caps.totalPerWeek} readOnly={!canEdit} onChange={(e) => { setCaps({ ...caps, totalPerWeek: e.currentTarget.value }); touched(); }} />
          </SimpleGrid>
          <Text fz="xs" c="dimmed" mt="xs">{t("contactPolicy.capsHint")}</Text>
        </section>

        {canEdit ? (
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={restore} disabled={save.isPending}>
              {t("contactPolicy.restore")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** "Janelas e limites": when each channel may contact a debtor, and how often. */
export function ContactPolicyPanel({ creditorId, canEdit }: { creditorId: string; canEdit: boolean }) {
  const policy = useContactPolicy(creditorId);
  if (policy.isError) return <Stack p="lg"><ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} /></Stack>;
  if (!policy.data) return <Stack p="lg"><Skeleton height={36} /><Skeleton height={160} /></Stack>;
  return <PolicyForm key={creditorId} creditorId={creditorId} policy={policy.data} canEdit={canEdit} />;
}
