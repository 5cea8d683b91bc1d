import { Anchor, Button, EmptyState, Group, NativeSelect, Paper, Skeleton, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import type { DebtorSummary } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link, navigate, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { IconInbox, IconSearch } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useDebtorList } from "./debtors-api.ts";
import { formatDocument } from "./format-document.ts";
import { DEBT_STATUSES, debtStatusLabel } from "./labels.ts";
import classes from "./debtors.module.css";

function locationText(debtor: DebtorSummary): string | null {
  const parts = [debtor.state, debtor.city].filter((part): part is string => Boolean(part && part.trim()));
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** Keeps the filters in the address bar, so "back" from a debtor restores the list. */
function useFiltersInUrl() {
  const { pathname, search } = useLocation();
  const q = search.get("q") ?? "";
  const status = search.get("status") ?? "";
  function setFilters(next: { q: string; status: string }) {
    const params = new URLSearchParams();
    if (next.q) params.set("q", next.q);
    if (next.status) params.set("status", next.status);
    const query = params.toString();
    navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
  }
  return { q, status, setFilters };
}

function LoadingRows({ columns }: { columns: number }) {
  return (
    <>
      {Array.from({ length: 6 }, (_, row) => (
        <Table.Tr key={row}>
          {Array.from({ length: columns }, (_, column) => (
            <Table.Td key={column}>
              <Skeleton height={14} radius="sm" width={column === 1 ? "70%" : "60%"} />
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </>
  );
}

export function DebtorsPage() {
  const { t, money, date, count } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("debtors.title"));

  const { q, status, setFilters } = useFiltersInUrl();
  const [text, setText] = useState(q);
  const [debouncedText] = useDebouncedValue(text.trim(), 300);

  // The URL can change under the box (nav link, back button): show its query.
  const [urlQ, setUrlQ] = useState(q);
  if (q !== urlQ) {
    setUrlQ(q);
    if (q !== text.trim()) setText(q);
  }

  useEffect(() => {
    if (debouncedText !== q) setFilters({ q: debouncedText, status });
    // Only the typed text drives this effect; status changes write the URL directly.
  }, [debouncedText]);

  const list = useDebtorList(creditor.id, { q, status });
  const debtors = list.data?.pages.flatMap((page) => page.items) ?? [];
  const hasFilters = q !== "" || status !== "";
  const columns = 6;

  return (
    <>
      <PageHeader title={t("debtors.title")} description={t("debtors.subtitle", { creditor: creditorName(creditor) })} />

      <Paper withBorder radius="lg" className={classes.panel}>
        <form role="search" className={classes.filters} onSubmit={(event) => {
          event.preventDefault();
          setFilters({ q: text.trim(), status });
        }}>
          <TextInput
            className={classes.search}
            label={t("debtors.searchLabel")}
            placeholder={t("debtors.searchPlaceholder")}
            leftSection={<IconSearch size={18} />}
            type="search"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          <NativeSelect
            className={classes.status}
            label={t("debtors.statusLabel")}
            value={status}
            onChange={(event) => setFilters({ q: text.trim(), status: event.currentTarget.value })}
            data={[
              { value: "", label: t("debtors.statusAll") },
              ...DEBT_STATUSES.map((value) => ({ value, label: debtStatusLabel(t, value) })),
            ]}
          />
        </form>

        {list.isError ? (
          <div className={classes.message}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : null}

        {list.isSuccess && debtors.length === 0 ? (
          <EmptyState
            className={classes.empty}
            variant="light"
            color="gray"
            icon={<IconInbox size={28} />}
            title={<span role="heading" aria-level={2}>{t("debtors.empty.title")}</span>}
            description={hasFilters ? t("debtors.empty.filtered") : t("debtors.empty.portfolio")}
          >
            {hasFilters ? (
              <EmptyState.Actions>
                <Button variant="default" onClick={() => {
                  setText("");
                  setFilters({ q: "", status: "" });
                }}>
                  {t("debtors.clearFilters")}
                </Button>
              </EmptyState.Actions>
            ) : null}
          </EmptyState>
        ) : null}

        {!list.isError && !(list.isSuccess && debtors.length === 0) ? (
          <TableScroll minWidth={880} label={t("debtors.tableLabel")}>
            <Table
              aria-label={t("debtors.tableLabel")}
              aria-busy={list.isFetching}
              verticalSpacing="sm"
              horizontalSpacing="md"
              highlightOnHover
              className={classes.table}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("debtors.col.document")}</Table.Th>
                  <Table.Th scope="col">{t("debtors.col.name")}</Table.Th>
                  <Table.Th scope="col">{t("debtors.col.location")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("debtors.col.openBalance")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("debtors.col.openDebts")}</Table.Th>
                  <Table.Th scope="col">{t("debtors.col.oldestDue")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.isPending ? <LoadingRows columns={columns} /> : null}
                {debtors.map((debtor) => (
                  <Table.Tr key={debtor.id}>
                    <Table.Td className="tabular">{formatDocument(debtor.document)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/devedores/${encodeURIComponent(debtor.id)}`} fw={600} className={classes.nameLink}>
                        {debtor.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{locationText(debtor) ?? <Text span c="dimmed">—</Text>}</Table.Td>
                    <Table.Td ta="right" className="tabular" fw={600}>
                      {money(debtor.openBalanceCents)}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">
                      {count(debtor.openDebts)}
                    </Table.Td>
                    <Table.Td className="tabular">
                      {debtor.oldestDueDate ? date(debtor.oldestDueDate) : <Text span c="dimmed">—</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        ) : null}

        {list.isSuccess && debtors.length > 0 ? (
          <Group justify="space-between" className={classes.footer}>
            <Text fz="sm" c="dimmed" role="status">
              {debtors.length === 1 ? t("debtors.shownOne") : t("debtors.shown", { count: count(debtors.length) })}
              {list.hasNextPage ? "" : ` · ${t("debtors.allShown")}`}
            </Text>
            {list.hasNextPage ? (
              <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t("debtors.loadMore")}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Paper>
    </>
  );
}
