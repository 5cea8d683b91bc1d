import { Button, EmptyState, Group, NativeSelect, Paper, Skeleton, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconShieldCheck } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import type { AuditEntry } from "../api/types.ts";
import { actorLabel, enumLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useAuditLog, type AuditFilters } from "./audit-api.ts";
import { auditDiff } from "./audit-diff.ts";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "./audit-labels.ts";
import classes from "./audit.module.css";

const EMPTY: AuditFilters = { creditorId: "", actor: "", action: "", entity: "", from: "", to: "" };

function Changes({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const rows = auditDiff(entry.before, entry.after);
  if (rows.length === 0) return <Text fz="sm" c="dimmed">{t("audit.noDetails")}</Text>;
  return (
    <Table className={classes.diff} verticalSpacing={4} horizontalSpacing="sm" aria-label={t("audit.changesLabel", { action: enumLabel(t, "auditAction", entry.action) })}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("audit.col.field")}</Table.Th>
          <Table.Th scope="col">{t("audit.col.before")}</Table.Th>
          <Table.Th scope="col">{t("audit.col.after")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.field} data-changed={row.changed || undefined}>
            <Table.Td className={classes.field}>{row.field || "—"}</Table.Td>
            <Table.Td className={classes.value}>{row.before === null ? <span className={classes.absent}>{t("audit.absent")}</span> : row.before}</Table.Td>
            <Table.Td className={classes.value}>
              {row.after === null ? <span className={classes.absent}>{t("audit.absent")}</span> : row.after}
              {row.changed ? <span className={classes.visuallyHidden}> ({t("audit.changed")})</span> : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AuditPage() {
  const { t, instant } = useI18n();
  const { creditors } = useCreditor();
  useDocumentTitle(t("audit.title"));
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const [actorText, setActorText] = useState("");
  const [actor] = useDebouncedValue(actorText.trim(), 400);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const effective = { ...filters, actor };
  const log = useAuditLog(effective);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const set = (name: keyof AuditFilters) => (event: { currentTarget: { value: string } }) => setFilters({ ...filters, [name]: event.currentTarget.value });
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const creditorLabel = (id: string | null) => (id === null ? t("audit.global") : (() => {
    const c = creditors.find((item) => item.id === id);
    return c ? creditorName(c) : id;
  })());
  const hasFilters = Object.values(effective).some((value) => value !== "");
  const dateError = filters.from && filters.to && filters.to < filters.from ? t("audit.dateOrder") : null;

  return (
    <>
      <PageHeader title={t("audit.title")} description={t("audit.subtitle")} />
      <Paper withBorder radius="lg" className={classes.panel}>
        <form role="search" aria-label={t("audit.filters")} className={classes.filters} onSubmit={(event) => event.preventDefault()}>
          {creditors.length > 1 ? (
            <NativeSelect label={t("audit.creditor")} value={filters.creditorId} onChange={set("creditorId")} data={[{ value: "", label: t("audit.allCreditors") }, ...creditors.map((c) => ({ value: c.id, label: creditorName(c) }))]} />
          ) : null}
          <TextInput label={t("audit.actor")} placeholder={t("audit.actorPlaceholder")} value={actorText} onChange={(event) => setActorText(event.currentTarget.value)} />
          <NativeSelect label={t("audit.action")} value={filters.action} onChange={set("action")} data={[{ value: "", label: t("audit.allActions") }, ...AUDIT_ACTIONS.map((value) => ({ value, label: enumLabel(t, "auditAction", value) }))]} />
          <NativeSelect label={t("audit.entity")} value={filters.entity} onChange={set("entity")} data={[{ value: "", label: t("audit.allEntities") }, ...AUDIT_ENTITIES.map((value) => ({ value, label: enumLabel(t, "auditEntity", value) }))]} />
          <TextInput label={t("audit.from")} type="date" value={filters.from} onChange={set("from")} max={filters.to || undefined} />
          <TextInput label={t("audit.to")} type="date" value={filters.to} onChange={set("to")} min={filters.from || undefined} error={dateError} />
          {hasFilters ? (
            <Button variant="subtle" className={classes.clear} onClick={() => {
              setActorText("");
              setFilters(EMPTY);
            }}>
              {t("audit.clear")}
            </Button>
          ) : null}
        </form>

        {log.isError ? (
          <div className={classes.message}>
            <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
          </div>
        ) : null}
        {log.isSuccess && entries.length === 0 ? (
          <EmptyState className={classes.empty} variant="light" color="gray" icon={<IconShieldCheck size={28} />} title={<span role="heading" aria-level={2}>{t("audit.empty")}</span>} description={hasFilters ? t("audit.emptyFiltered") : t("audit.emptyAll")} />
        ) : null}
        {log.isPending ? (
          <div className={classes.message}>
            <Skeleton height={160} radius="md" />
          </div>
        ) : null}
        {entries.length > 0 ? (
          <TableScroll minWidth={920} label={t("audit.tableLabel")}>
            <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("audit.tableLabel")} aria-busy={log.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("audit.col.at")}</Table.Th>
                  <Table.Th scope="col">{t("audit.col.actor")}</Table.Th>
                  <Table.Th scope="col">{t("audit.col.action")}</Table.Th>
                  <Table.Th scope="col">{t("audit.col.entity")}</Table.Th>
                  {creditors.length > 1 ? <Table.Th scope="col">{t("audit.col.creditor")}</Table.Th> : null}
                  <Table.Th scope="col">{t("audit.col.details")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => {
                  const expanded = open.has(entry.id);
                  const detailsId = `audit-details-${entry.id}`;
                  return (
                    <Fragment key={entry.id}>
                      <Table.Tr>
                        <Table.Td className="tabular" fz="sm">{instant(entry.at)}</Table.Td>
                        <Table.Td fz="sm" className={classes.wrap}>{actorLabel(t, entry.actor)}</Table.Td>
                        <Table.Td>
                          <Text fz="sm" fw={600}>{enumLabel(t, "auditAction", entry.action)}</Text>
                          <Text fz="xs" c="dimmed" className={classes.code}>{entry.action}</Text>
                        </Table.Td>
                        <Table.Td fz="sm">
                          {enumLabel(t, "auditEntity", entry.entity)}
                          {entry.entityId ? <Text fz="xs" c="dimmed" className={classes.code}>{entry.entityId}</Text> : null}
                        </Table.Td>
                        {creditors.length > 1 ? <Table.Td fz="sm">{creditorLabel(entry.creditorId)}</Table.Td> : null}
                        <Table.Td>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            leftSection={expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                            aria-expanded={expanded}
                            aria-controls={detailsId}
                            onClick={() => toggle(entry.id)}
                          >
                            {expanded ? t("audit.hide") : t("audit.show")}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                      {expanded ? (
                        <Table.Tr id={detailsId} className={classes.detailsRow}>
                          <Table.Td colSpan={creditors.length > 1 ? 6 : 5}>
                            <Changes entry={entry} />
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ) : null}
        {entries.length > 0 ? (
          <Group justify="space-between" className={classes.footer}>
            <Text fz="sm" c="dimmed" role="status">
              {t("audit.shown", { count: entries.length })}
            </Text>
            {log.hasNextPage ? (
              <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                {t("audit.loadMore")}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Paper>
    </>
  );
}
