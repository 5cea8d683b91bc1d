import { Anchor, Badge, Button, Collapse, EmptyState, Group, NativeSelect, Paper, Skeleton, Stack, Table, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconArrowDown, IconArrowUp, IconArrowsSort } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import type { DebtorSummary } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link, navigate, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { IconInbox, IconSearch } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { AGING_BUCKETS, AGING_COLOR, agingBucketOf, daysLate, todayIn } from "./aging.ts";
import { useDebtorList, type DebtorFilters, type DebtorSort, type SortDir } from "./debtors-api.ts";
import { formatDocument } from "./format-document.ts";
import { DEBT_STATUSES, debtStatusLabel, enumLabel } from "./labels.ts";
import { UFS } from "./ufs.ts";
import classes from "./debtors.module.css";

const SORTS: readonly DebtorSort[] = ["name", "balance", "oldest_due"];
const DEFAULT_DIR: Record<DebtorSort, SortDir> = { name: "asc", balance: "desc", oldest_due: "asc" };
const EMPTY: DebtorFilters = { q: "", status: "", bucket: "", state: "", segment: "", tag: "", sort: "name", dir: "asc" };

function locationText(debtor: DebtorSummary): string | null {
  const parts = [debtor.state, debtor.city].filter((part): part is string => Boolean(part && part.trim()));
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** Keeps the search, filters and order in the address bar, so "back" from a debtor restores the list. */
function useFiltersInUrl() {
  const { pathname, search } = useLocation();
  const sortRaw = search.get("sort") ?? "";
  const sort: DebtorSort = (SORTS as readonly string[]).includes(sortRaw) ? (sortRaw as DebtorSort) : "name";
  const dirRaw = search.get("dir");
  const filters: DebtorFilters = {
    q: search.get("q") ?? "",
    status: search.get("status") ?? "",
    bucket: search.get("bucket") ?? "",
    state: search.get("state") ?? "",
    segment: search.get("segment") ?? "",
    tag: search.get("tag") ?? "",
    sort,
    dir: dirRaw === "asc" || dirRaw === "desc" ? dirRaw : DEFAULT_DIR[sort],
  };
  function setFilters(patch: Partial<DebtorFilters>) {
    const next = { ...filters, ...patch };
    const params = new URLSearchParams();
    for (const key of ["q", "status", "bucket", "state", "segment", "tag"] as const) if (next[key]) params.set(key, next[key]);
    if (next.sort !== "name") params.set("sort", next.sort);
    if (next.dir !== DEFAULT_DIR[next.sort]) params.set("dir", next.dir);
    const query = params.toString();
    navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
  }
  return { filters, setFilters };
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

/** A column header that sorts the list; the active one says its direction to screen readers. */
function SortHeader({ label, sort, filters, onSort, align }: { label: string; sort: DebtorSort; filters: DebtorFilters; onSort: (sort: DebtorSort, dir: SortDir) => void; align?: "right" }) {
  const { t } = useI18n();
  const active = filters.sort === sort;
  const nextDir: SortDir = active ? (filters.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[sort];
  const Icon = !active ? IconArrowsSort : filters.dir === "asc" ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th scope="col" ta={align} aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : "none"}>
      <UnstyledButton className={classes.sortButton} data-active={active || undefined} onClick={() => onSort(sort, nextDir)} title={t(`debtors.sortBy.${sort}.${nextDir}`)}>
        <span>{label}</span>
        <Icon size={14} aria-hidden="true" />
      </UnstyledButton>
    </Table.Th>
  );
}

function Filter({ children }: { children: ReactNode }) {
  return <div className={classes.filter}>{children}</div>;
}

export function DebtorsPage() {
  const { t, money, date, count } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("debtors.title"));
  const isPhone = useMediaQuery("(max-width: 48em)") ?? false;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const today = todayIn(creditor.timeZone);

  const { filters, setFilters } = useFiltersInUrl();
  // Typed fields go to the URL (and the server) after a pause.
  const [typed, setTyped] = useState({ q: filters.q, segment: filters.segment, tag: filters.tag });
  const [debounced] = useDebouncedValue(typed, 350);
  const [urlTyped, setUrlTyped] = useState({ q: filters.q, segment: filters.segment, tag: filters.tag });
  if (urlTyped.q !== filters.q || urlTyped.segment !== filters.segment || urlTyped.tag !== filters.tag) {
    // The URL changed under the boxes (nav link, back button): show what it says.
    const fromUrl = { q: filters.q, segment: filters.segment, tag: filters.tag };
    setUrlTyped(fromUrl);
    setTyped(fromUrl);
  }
  useEffect(() => {
    const next = { q: debounced.q.trim(), segment: debounced.segment.trim(), tag: debounced.tag.trim() };
    if (next.q !== filters.q || next.segment !== filters.segment || next.tag !== filters.tag) setFilters(next);
    // Only the typed text drives this effect; the selects write the URL directly.
  }, [debounced]);

  const list = useDebtorList(creditor.id, filters);
  const debtors = list.data?.pages.flatMap((page) => page.items) ?? [];
  const activeFilters = (["status", "bucket", "state", "segment", "tag"] as const).filter((key) => filters[key] !== "").length;
  const hasFilters = filters.q !== "" || activeFilters > 0;
  const columns = 6;
  const onSort = (sort: DebtorSort, dir: SortDir) => setFilters({ sort, dir });
  const clear = () => {
    setTyped({ q: "", segment: "", tag: "" });
    setFilters({ ...EMPTY, sort: filters.sort, dir: filters.dir });
  };

  const filterFields = (
    <div className={classes.filterGrid}>
      <Filter>
        <NativeSelect
          label={t("debtors.statusLabel")}
          value={filters.status}
          onChange={(event) => setFilters({ status: event.currentTarget.value })}
          data={[{ value: "", label: t("debtors.statusAll") }, ...DEBT_STATUSES.map((value) => ({ value, label: debtStatusLabel(t, value) }))]}
        />
      </Filter>
      <Filter>
        <NativeSelect
          label={t("debtors.bucketLabel")}
          value={filters.bucket}
          onChange={(event) => setFilters({ bucket: event.currentTarget.value })}
          data={[{ value: "", label: t("debtors.bucketAll") }, ...AGING_BUCKETS.map((value) => ({ value, label: enumLabel(t, "bucket", value) }))]}
        />
      </Filter>
      <Filter>
        <NativeSelect
          label={t("debtors.stateLabel")}
          value={filters.state}
          onChange={(event) => setFilters({ state: event.currentTarget.value })}
          data={[{ value: "", label: t("debtors.stateAll") }, ...UFS.map((uf) => ({ value: uf.code, label: `${uf.code} — ${uf.name}` }))]}
        />
      </Filter>
      <Filter>
        <TextInput label={t("debtors.segmentLabel")} placeholder={t("debtors.segmentPlaceholder")} value={typed.segment} onChange={(event) => setTyped({ ...typed, segment: event.currentTarget.value })} />
      </Filter>
      <Filter>
        <TextInput label={t("debtors.tagLabel")} placeholder={t("debtors.tagPlaceholder")} value={typed.tag} onChange={(event) => setTyped({ ...typed, tag: event.currentTarget.value })} />
      </Filter>
      <Filter>
        <NativeSelect
          label={t("debtors.sortLabel")}
          value={`${filters.sort}.${filters.dir}`}
          onChange={(event) => {
            const [sort, dir] = event.currentTarget.value.split(".") as [DebtorSort, SortDir];
            setFilters({ sort, dir });
          }}
          data={SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ value: `${sort}.${dir}`, label: t(`debtors.sortBy.${sort}.${dir}`) })))}
        />
      </Filter>
    </div>
  );

  return (
    <>
      <PageHeader title={t("debtors.title")} description={t("debtors.subtitle", { creditor: creditorName(creditor) })} />

      <Paper withBorder radius="lg" className={classes.panel}>
        <form
          role="search"
          aria-label={t("debtors.searchForm")}
          className={classes.filters}
          onSubmit={(event) => {
            event.preventDefault();
            setFilters({ q: typed.q.trim(), segment: typed.segment.trim(), tag: typed.tag.trim() });
          }}
        >
          <Group align="flex-end" gap="sm" wrap={isPhone ? "wrap" : "nowrap"} className={classes.searchRow}>
            <TextInput
              className={classes.search}
              label={t("debtors.searchLabel")}
              description={t("debtors.searchHint")}
              placeholder={t("debtors.searchPlaceholder")}
              leftSection={<IconSearch size={18} />}
              type="search"
              value={typed.q}
              onChange={(event) => setTyped({ ...typed, q: event.currentTarget.value })}
            />
            {isPhone ? (
              <Button
                variant="default"
                leftSection={<IconAdjustmentsHorizontal size={18} />}
                aria-expanded={filtersOpen}
                aria-controls="debtor-filters"
                onClick={() => setFiltersOpen((open) => !open)}
                rightSection={activeFilters > 0 ? <Badge size="sm" circle>{activeFilters}</Badge> : null}
              >
                {t("debtors.filters")}
              </Button>
            ) : null}
          </Group>
          <div id="debtor-filters">{isPhone ? <Collapse expanded={filtersOpen}>{filterFields}</Collapse> : filterFields}</div>
          {hasFilters ? (
            <Group justify="flex-end">
              <Button variant="subtle" size="xs" onClick={clear}>
                {t("debtors.clearFilters")}
              </Button>
            </Group>
          ) : null}
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
                <Button variant="default" onClick={clear}>
                  {t("debtors.clearFilters")}
                </Button>
              </EmptyState.Actions>
            ) : null}
          </EmptyState>
        ) : null}

        {isPhone && !list.isError && debtors.length > 0 ? (
          <ul className={classes.cards} aria-label={t("debtors.tableLabel")} aria-busy={list.isFetching}>
            {debtors.map((debtor) => {
              const bucket = agingBucketOf(debtor.oldestDueDate, today);
              const late = debtor.oldestDueDate ? daysLate(debtor.oldestDueDate, today) : 0;
              return (
                <li key={debtor.id} className={classes.card}>
                  <Anchor component={Link} to={`/devedores/${encodeURIComponent(debtor.id)}`} fw={600} className={classes.nameLink}>
                    {debtor.name}
                  </Anchor>
                  <Text fz="sm" c="dimmed" className="tabular">
                    {[formatDocument(debtor.document), locationText(debtor)].filter(Boolean).join(" · ")}
                  </Text>
                  <Group justify="space-between" align="flex-end" mt={6} wrap="nowrap">
                    <div>
                      <Text fz="lg" fw={700} className="tabular">{money(debtor.openBalanceCents)}</Text>
                      <Text fz="xs" c="dimmed">{t("debtors.card.openDebts", { count: count(debtor.openDebts) })}</Text>
                    </div>
                    {debtor.oldestDueDate && bucket ? (
                      <Badge variant="light" color={AGING_COLOR[bucket]} size="sm">
                        {late === 1 ? t("aging.dayLate") : late > 0 ? t("aging.daysLate", { days: count(late) }) : t("aging.notDue")}
                      </Badge>
                    ) : null}
                  </Group>
                </li>
              );
            })}
          </ul>
        ) : null}

        {isPhone && list.isPending ? (
          <Stack p="md" gap="sm">
            <Skeleton height={72} radius="md" />
            <Skeleton height={72} radius="md" />
          </Stack>
        ) : null}

        {!isPhone && !list.isError && !(list.isSuccess && debtors.length === 0) ? (
          <TableScroll minWidth={900} label={t("debtors.tableLabel")}>
            <Table aria-label={t("debtors.tableLabel")} aria-busy={list.isFetching} verticalSpacing="sm" horizontalSpacing="md" highlightOnHover className={classes.table}>
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label={t("debtors.col.name")} sort="name" filters={filters} onSort={onSort} />
                  <Table.Th scope="col">{t("debtors.col.document")}</Table.Th>
                  <Table.Th scope="col">{t("debtors.col.location")}</Table.Th>
                  <SortHeader label={t("debtors.col.openBalance")} sort="balance" filters={filters} onSort={onSort} align="right" />
                  <Table.Th scope="col" ta="right">{t("debtors.col.openDebts")}</Table.Th>
                  <SortHeader label={t("debtors.col.oldestDue")} sort="oldest_due" filters={filters} onSort={onSort} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.isPending ? <LoadingRows columns={columns} /> : null}
                {debtors.map((debtor) => {
                  const bucket = agingBucketOf(debtor.oldestDueDate, today);
                  const late = debtor.oldestDueDate ? daysLate(debtor.oldestDueDate, today) : 0;
                  return (
                    <Table.Tr key={debtor.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/devedores/${encodeURIComponent(debtor.id)}`} fw={600} className={classes.nameLink}>
                          {debtor.name}
                        </Anchor>
                        {debtor.segment || debtor.tags.length ? (
                          <Text fz="xs" c="dimmed" mt={2}>
                            {[debtor.segment, ...debtor.tags.map((tag) => `#${tag}`)].filter(Boolean).join(" · ")}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td className="tabular">{formatDocument(debtor.document)}</Table.Td>
                      <Table.Td>{locationText(debtor) ?? <Text span c="dimmed">—</Text>}</Table.Td>
                      <Table.Td ta="right" className="tabular" fw={600}>
                        {money(debtor.openBalanceCents)}
                      </Table.Td>
                      <Table.Td ta="right" className="tabular">
                        {count(debtor.openDebts)}
                      </Table.Td>
                      <Table.Td>
                        {debtor.oldestDueDate ? (
                          <Group gap={8} wrap="nowrap">
                            <span className="tabular">{date(debtor.oldestDueDate)}</span>
                            {bucket ? (
                              <Badge variant="light" color={AGING_COLOR[bucket]} size="sm">
                                {late === 1 ? t("aging.dayLate") : late > 0 ? t("aging.daysLate", { days: count(late) }) : t("aging.notDue")}
                              </Badge>
                            ) : null}
                          </Group>
                        ) : (
                          <Text span c="dimmed">—</Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
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
