import { Anchor, Badge, Button, EmptyState, Group, Modal, NativeSelect, Paper, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTemplate } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { actorLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link, navigate } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { MESSAGE_CHANNELS, STAGES, type Stage } from "../ladders/ladder-form.ts";
import { ChannelTag, STAGE_COLOR, channelName, stageName } from "../ladders/vocabulary.tsx";
import { useTemplateList } from "./templates-api.ts";
import classes from "./templates.module.css";

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;

function NewTemplateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState("");
  const [channel, setChannel] = useState("email");
  const [stage, setStage] = useState<Stage>("friendly");
  const [submitted, setSubmitted] = useState(false);
  const valid = KEY_PATTERN.test(key.trim());
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!valid) return;
    onClose();
    navigate(`/modelos/${encodeURIComponent(key.trim())}?canal=${channel}&fase=${stage}`);
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t("templates.new.title")} centered radius="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t("templates.new.key")}
            description={t("templates.new.keyHint")}
            value={key}
            onChange={(event) => setKey(event.currentTarget.value)}
            error={submitted && !valid ? t("templates.new.keyInvalid") : null}
            data-autofocus
          />
          <NativeSelect label={t("templates.col.channel")} value={channel} onChange={(event) => setChannel(event.currentTarget.value)} data={MESSAGE_CHANNELS.map((c) => ({ value: c, label: channelName(t, c) }))} />
          <NativeSelect label={t("templates.col.stage")} value={stage} onChange={(event) => setStage(event.currentTarget.value as Stage)} data={STAGES.map((s) => ({ value: s, label: stageName(t, s) }))} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit">{t("templates.new.submit")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Modelos: the creditor's templates and the default pack's, by sector, stage and channel. */
export function TemplatesPage() {
  const { t, instant } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("templates.title"));
  const list = useTemplateList(creditor.id);
  const [filters, setFilters] = useState({ q: "", channel: "", stage: "", sector: "", source: "" });
  const [creating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  const sectors = [...new Set(items.map((i) => i.sector ?? ""))].filter(Boolean).sort();
  const shown = items.filter((i) =>
    (!filters.q || i.key.toLowerCase().includes(filters.q.trim().toLowerCase())) &&
    (!filters.channel || i.channel === filters.channel) &&
    (!filters.stage || i.stage === filters.stage) &&
    (!filters.sector || i.sector === filters.sector) &&
    (!filters.source || i.source === filters.source));
  const set = (name: keyof typeof filters) => (event: { currentTarget: { value: string } }) => setFilters({ ...filters, [name]: event.currentTarget.value });

  return (
    <>
      <PageHeader
        title={t("templates.title")}
        description={t("templates.subtitle", { creditor: creditorName(creditor) })}
        actions={<Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>{t("templates.new.button")}</Button>}
      />
      <Paper withBorder radius="lg" className={classes.panel}>
        <form role="search" aria-label={t("templates.filters")} className={classes.filters} onSubmit={(event) => event.preventDefault()}>
          <TextInput type="search" label={t("templates.search")} value={filters.q} onChange={set("q")} placeholder="varejo.lembrete" />
          <NativeSelect label={t("templates.col.channel")} value={filters.channel} onChange={set("channel")} data={[{ value: "", label: t("templates.all") }, ...MESSAGE_CHANNELS.map((c) => ({ value: c, label: channelName(t, c) }))]} />
          <NativeSelect label={t("templates.col.stage")} value={filters.stage} onChange={set("stage")} data={[{ value: "", label: t("templates.all") }, ...STAGES.map((s) => ({ value: s, label: stageName(t, s) }))]} />
          <NativeSelect label={t("templates.col.sector")} value={filters.sector} onChange={set("sector")} data={[{ value: "", label: t("templates.all") }, ...sectors.map((s) => ({ value: s, label: s }))]} />
          <NativeSelect label={t("templates.col.source")} value={filters.source} onChange={set("source")} data={[{ value: "", label: t("templates.all") }, { value: "creditor", label: t("templates.source.creditor") }, { value: "pack", label: t("templates.source.pack") }]} />
        </form>
        {list.isError ? <Stack p="lg"><ErrorAlert error={list.error} onRetry={() => void list.refetch()} /></Stack> : null}
        {list.isPending ? <Stack p="lg"><Skeleton height={200} /></Stack> : null}
        {list.isSuccess && shown.length === 0 ? (
          <EmptyState variant="light" color="gray" py={48} icon={<IconTemplate size={28} />} title={<span role="heading" aria-level={2}>{t("templates.empty")}</span>} description={t("templates.emptyHint")} />
        ) : null}
        {shown.length > 0 ? (
          <TableScroll minWidth={820} label={t("templates.tableLabel")}>
            <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("templates.tableLabel")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("templates.col.key")}</Table.Th>
                  <Table.Th scope="col">{t("templates.col.channel")}</Table.Th>
                  <Table.Th scope="col">{t("templates.col.stage")}</Table.Th>
                  <Table.Th scope="col">{t("templates.col.sector")}</Table.Th>
                  <Table.Th scope="col">{t("templates.col.source")}</Table.Th>
                  <Table.Th scope="col">{t("templates.col.updated")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((item) => (
                  <Table.Tr key={item.key}>
                    <Table.Td><Anchor component={Link} to={`/modelos/${encodeURIComponent(item.key)}`} className={classes.key} fw={600}>{item.key}</Anchor></Table.Td>
                    <Table.Td fz="sm"><ChannelTag channel={item.channel} t={t} /></Table.Td>
                    <Table.Td><Badge variant="light" color={STAGE_COLOR[item.stage as Stage] ?? "gray"}>{stageName(t, item.stage)}</Badge></Table.Td>
                    <Table.Td fz="sm">{item.sector ?? "—"}</Table.Td>
                    <Table.Td fz="sm">
                      {item.source === "pack" ? (
                        <Badge variant="outline" color="gray">{t("templates.source.pack")}</Badge>
                      ) : (
                        <Badge variant="light" color="indigo">{t("templates.source.version", { version: item.version ?? 0 })}</Badge>
                      )}
                      {item.overridesPack ? <Text fz="xs" c="dimmed">{t("templates.overrides")}</Text> : null}
                    </Table.Td>
                    <Table.Td fz="sm">
                      {item.createdAt ? <span className="tabular">{instant(item.createdAt)}</span> : "—"}
                      {item.author ? <Text fz="xs" c="dimmed">{actorLabel(t, item.author)}</Text> : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ) : null}
      </Paper>
      <NewTemplateModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
