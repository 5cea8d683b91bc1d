import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useMemo } from "react";
import type { ReactNode } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { channelLabel, enumLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { Translate } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link } from "../router/router.tsx";
import { EChart } from "../ui/echart.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useDashboard, type ActionFigure, type AgingBucket, type Dashboard, type DueItem } from "./dashboard-api.ts";
import { approvalsFor, changePercent, debtorPage, debtorsInBucket, OPEN_DEBTORS, outboxFor, paymentsIn, UNMATCHED_PAYMENTS } from "./dashboard-links.ts";
import classes from "./dashboard.module.css";

/** From calm to alarming, as the debtor list's badges (web/src/debtors/aging.ts), in hex for the chart. */
const BUCKET_COLOR: Record<AgingBucket, string> = {
  not_due: "#0ca678",
  "1_30": "#f59f00",
  "31_90": "#f76707",
  "91_180": "#e03131",
  "181_360": "#ae3ec9",
  "361_plus": "#343a40",
};

/** The columns of the actions table: what the ladder planned and what became of it. */
const ACTION_COLUMNS: readonly ActionFigure[] = ["planned", "awaiting_approval", "sent", "delivered", "opened", "clicked", "bounced", "failed", "uncertain"];

const bucketLabel = (t: Translate, bucket: string) => enumLabel(t, "bucket", bucket);

/** A headline figure: its label, the number as a link to the list behind it, and what explains it. */
function Kpi({ label, value, to, linkLabel, children, id }: { label: string; value: string; to: string; linkLabel: string; children?: ReactNode; id: string }) {
  return (
    <Paper withBorder radius="lg" p="lg" className={classes.kpi} component="section" aria-labelledby={id}>
      <Text id={id} fz="sm" fw={700} c="dimmed" className={classes.kpiLabel}>
        {label}
      </Text>
      {to.startsWith("#") ? (
        <Anchor href={to} className={classes.kpiValue} aria-label={linkLabel}>
          {value}
        </Anchor>
      ) : (
        <Anchor component={Link} to={to} className={classes.kpiValue} aria-label={linkLabel}>
          {value}
        </Anchor>
      )}
      {children ? <div className={classes.kpiBody}>{children}</div> : null}
    </Paper>
  );
}

function Panel({ title, id, children, description }: { title: string; id: string; children: ReactNode; description?: string }) {
  return (
    <Paper withBorder radius="lg" className={classes.panel} component="section" aria-labelledby={id}>
      <div className={classes.panelHeader}>
        <Title order={2} fz={17} id={id}>
          {title}
        </Title>
        {description ? (
          <Text fz="sm" c="dimmed" mt={2}>
            {description}
          </Text>
        ) : null}
      </div>
      {children}
    </Paper>
  );
}

function Headline({ data }: { data: Dashboard }) {
  const { t, money, count, date } = useI18n();
  const { thisMonth, lastMonth, lastMonthToDate, unmatched } = data.recovered;
  const change = changePercent(thisMonth.cents, lastMonthToDate.cents);
  const due = data.dueToday;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
      <Kpi id="kpi-open" label={t("dashboard.kpi.open")} value={money(data.aging.openCents)} to={OPEN_DEBTORS} linkLabel={t("dashboard.kpi.openLink", { amount: money(data.aging.openCents) })}>
        <Text fz="sm">{t("dashboard.kpi.openDebtors", { count: count(data.aging.debtors) })}</Text>
      </Kpi>
      <Kpi id="kpi-recovered" label={t("dashboard.kpi.recovered")} value={money(thisMonth.cents)} to={paymentsIn(thisMonth)} linkLabel={t("dashboard.kpi.recoveredLink", { amount: money(thisMonth.cents) })}>
        <Group gap={6} wrap="wrap">
          <Text fz="sm">{t("dashboard.kpi.recoveredPayments", { count: count(thisMonth.payments), date: date(thisMonth.to) })}</Text>
          {change !== null ? (
            <Badge variant="light" color={change >= 0 ? "teal" : "red"} size="sm">
              {t(change >= 0 ? "dashboard.kpi.up" : "dashboard.kpi.down", { percent: count(Math.abs(change)) })}
            </Badge>
          ) : null}
        </Group>
        <Text fz="sm" c="dimmed">
          {t("dashboard.kpi.lastMonthToDate", { date: date(lastMonthToDate.to) })}{" "}
          <Anchor component={Link} to={paymentsIn(lastMonthToDate)} fz="sm" underline="always">
            {money(lastMonthToDate.cents)}
          </Anchor>
        </Text>
        <Text fz="sm" c="dimmed">
          {t("dashboard.kpi.lastMonth")}{" "}
          <Anchor component={Link} to={paymentsIn(lastMonth)} fz="sm" underline="always">
            {money(lastMonth.cents)}
          </Anchor>
        </Text>
      </Kpi>
      <Kpi
        id="kpi-due"
        label={t("dashboard.kpi.dueToday")}
        value={money(due.promises.cents + due.instalments.cents)}
        to="#vencem-hoje"
        linkLabel={t("dashboard.kpi.dueTodayLink", { amount: money(due.promises.cents + due.instalments.cents) })}
      >
        <Text fz="sm">{t("dashboard.kpi.duePromises", { count: count(due.promises.count), amount: money(due.promises.cents) })}</Text>
        <Text fz="sm">{t("dashboard.kpi.dueInstalments", { count: count(due.instalments.count), amount: money(due.instalments.cents) })}</Text>
      </Kpi>
      <Kpi id="kpi-approvals" label={t("dashboard.kpi.approvals")} value={count(data.approvals.total)} to={approvalsFor(null)} linkLabel={t("dashboard.kpi.approvalsLink", { count: count(data.approvals.total) })}>
        {data.approvals.channels.map((c) => (
          <Text fz="sm" key={c.channel}>
            <Anchor component={Link} to={approvalsFor(c.channel)} fz="sm">
              {t("dashboard.kpi.approvalsOf", { count: count(c.count), channel: channelLabel(t, c.channel) })}
            </Anchor>
          </Text>
        ))}
        <Text fz="sm" c="dimmed">
          {t("dashboard.kpi.unmatched")}{" "}
          <Anchor component={Link} to={UNMATCHED_PAYMENTS} fz="sm" underline="always">
            {t("dashboard.kpi.unmatchedValue", { count: count(unmatched.payments), amount: money(unmatched.cents) })}
          </Anchor>
        </Text>
      </Kpi>
    </SimpleGrid>
  );
}

function Aging({ data }: { data: Dashboard }) {
  const { t, money, count, locale } = useI18n();
  const buckets = data.aging.buckets;
  const narrow = useMediaQuery("(max-width: 36em)") ?? false;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: narrow ? 40 : 28, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => money(Math.round(Number(v) * 100)) },
      xAxis: {
        type: "category", data: buckets.map((b) => t(`dashboard.aging.short.${b.bucket}`)), name: t("dashboard.aging.axis"), nameLocation: "middle", nameGap: narrow ? 44 : 26,
        nameTextStyle: { color: "#495057", fontSize: 11 }, axisTick: { alignWithLabel: true }, axisLabel: { interval: 0, fontSize: 11, color: "#343a40", rotate: narrow ? 40 : 0 },
      },
      yAxis: {
        type: "value",
        axisLabel: { color: "#495057", formatter: (v: number) => new Intl.NumberFormat(locale === "en" ? "en-US" : "pt-BR", { notation: "compact", style: "currency", currency: "BRL" }).format(v) },
      },
      series: [
        {
          type: "bar",
          name: t("dashboard.aging.amount"),
          barMaxWidth: 56,
          data: buckets.map((b) => ({ value: b.openCents / 100, itemStyle: { color: BUCKET_COLOR[b.bucket], borderRadius: [4, 4, 0, 0] } })),
          label: { show: true, position: "top", fontSize: 11, color: "#343a40", formatter: (p: { dataIndex: number }) => count(buckets[p.dataIndex]?.debtors ?? 0) },
        },
      ],
    }),
    [buckets, t, money, count, locale, narrow],
  );
  const words = buckets.map((b) => t("dashboard.aging.chartItem", { bucket: bucketLabel(t, b.bucket), debtors: count(b.debtors), amount: money(b.openCents) })).join("; ");
  return (
    <Panel title={t("dashboard.aging.title")} id="aging-title" description={t("dashboard.aging.description")}>
      <div className={classes.chart}>
        <EChart option={option} height={260} label={t("dashboard.aging.chartLabel", { items: words })} />
      </div>
      <TableScroll minWidth={300} label={t("dashboard.aging.title")}>
        <Table verticalSpacing="xs" horizontalSpacing="md" className={classes.table} aria-labelledby="aging-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("dashboard.aging.bucket")}</Table.Th>
              <Table.Th scope="col" ta="right">{t("dashboard.aging.debtors")}</Table.Th>
              <Table.Th scope="col" ta="right">{t("dashboard.aging.amount")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {buckets.map((b) => (
              <Table.Tr key={b.bucket}>
                <Table.Th scope="row" fw={500}>
                  <span className={classes.swatch} style={{ background: BUCKET_COLOR[b.bucket] }} aria-hidden="true" />
                  {bucketLabel(t, b.bucket)}
                </Table.Th>
                <Table.Td ta="right" className="tabular">
                  <Anchor component={Link} to={debtorsInBucket(b.bucket)} aria-label={t("dashboard.aging.debtorsLink", { count: count(b.debtors), bucket: bucketLabel(t, b.bucket) })}>
                    {count(b.debtors)}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  <Anchor component={Link} to={debtorsInBucket(b.bucket)} aria-label={t("dashboard.aging.amountLink", { amount: money(b.openCents), bucket: bucketLabel(t, b.bucket) })}>
                    {money(b.openCents)}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Panel>
  );
}

function Actions({ data }: { data: Dashboard }) {
  const { t, count, date } = useI18n();
  const month = { from: data.actions.from, to: data.actions.to };
  const cell = (figure: ActionFigure, value: number, channel: string | null) =>
    value === 0 ? (
      <Text span c="dimmed">0</Text>
    ) : (
      <Anchor component={Link} to={outboxFor(figure, channel, month)} aria-label={t("dashboard.actions.cellLabel", { count: count(value), figure: t(`dashboard.figure.${figure}`), channel: channel ? channelLabel(t, channel) : t("dashboard.actions.allChannels") })}>
        {count(value)}
      </Anchor>
    );
  return (
    <Panel title={t("dashboard.actions.title")} id="actions-title" description={t("dashboard.actions.description", { from: date(month.from), to: date(month.to) })}>
      {data.actions.channels.length === 0 ? (
        <Text className={classes.empty}>{t("dashboard.actions.empty")}</Text>
      ) : (
        <TableScroll minWidth={860} label={t("dashboard.actions.title")}>
          <Table verticalSpacing="xs" horizontalSpacing="md" className={classes.table} aria-labelledby="actions-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("dashboard.actions.channel")}</Table.Th>
                {ACTION_COLUMNS.map((f) => (
                  <Table.Th scope="col" ta="right" key={f}>
                    {t(`dashboard.figure.${f}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.actions.channels.map((row) => (
                <Table.Tr key={row.channel}>
                  <Table.Th scope="row" fw={500}>{channelLabel(t, row.channel)}</Table.Th>
                  {ACTION_COLUMNS.map((f) => (
                    <Table.Td ta="right" className="tabular" key={f}>
                      {cell(f, row[f], row.channel)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row">{t("dashboard.actions.total")}</Table.Th>
                {ACTION_COLUMNS.map((f) => (
                  <Table.Td ta="right" className="tabular" fw={700} key={f}>
                    {cell(f, data.actions.totals[f], null)}
                  </Table.Td>
                ))}
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </TableScroll>
      )}
    </Panel>
  );
}

function DueList({ title, items, total, empty, kind }: { title: string; items: DueItem[]; total: number; empty: string; kind: "promise" | "instalment" }) {
  const { t, money, count } = useI18n();
  return (
    <div>
      <Text fw={700} fz="sm" mb={6}>
        {title}
      </Text>
      {items.length === 0 ? (
        <Text fz="sm" c="dimmed">{empty}</Text>
      ) : (
        <ul className={classes.dueList} aria-label={title}>
          {items.map((item) => (
            <li key={`${item.id}:${item.debtorId}`} className={classes.dueItem}>
              <Anchor component={Link} to={debtorPage(item.debtorId)} fw={600} fz="sm">
                {item.debtorName}
              </Anchor>
              <Text span fz="sm" className="tabular" fw={600}>
                {money(item.amountCents)}
              </Text>
              {kind === "instalment" ? (
                <Text span fz="xs" c="dimmed" className={classes.dueNote}>
                  {t("dashboard.due.agreement", { id: item.id })}
                </Text>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? <Text fz="xs" c="dimmed" mt={4}>{t("dashboard.due.more", { count: count(total - items.length) })}</Text> : null}
    </div>
  );
}

function DueToday({ data }: { data: Dashboard }) {
  const { t, date } = useI18n();
  return (
    <div id="vencem-hoje" tabIndex={-1} className={classes.anchorTarget}>
      <Panel title={t("dashboard.due.title", { date: date(data.at) })} id="due-title">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" p="lg">
          <DueList title={t("dashboard.due.promises")} items={data.dueToday.promises.items} total={data.dueToday.promises.count} empty={t("dashboard.due.noPromises")} kind="promise" />
          <DueList title={t("dashboard.due.instalments")} items={data.dueToday.instalments.items} total={data.dueToday.instalments.count} empty={t("dashboard.due.noInstalments")} kind="instalment" />
        </SimpleGrid>
      </Panel>
    </div>
  );
}

function Loading() {
  return (
    <Stack gap="lg" aria-hidden="true">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={132} radius="lg" />
        ))}
      </SimpleGrid>
      <Skeleton height={320} radius="lg" />
      <Skeleton height={220} radius="lg" />
    </Stack>
  );
}

/** The manager's Painel: every figure is a link to the list it counts. */
export function DashboardPage() {
  const { t, date } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("dashboard.title"));
  const dashboard = useDashboard(creditor.id);
  const data = dashboard.data;
  return (
    <>
      <PageHeader
        title={t("dashboard.title")}
        description={data ? t("dashboard.subtitle", { creditor: creditorName(creditor), date: date(data.at) }) : creditorName(creditor)}
      />
      {dashboard.isError ? <ErrorAlert error={dashboard.error} onRetry={() => void dashboard.refetch()} /> : null}
      {!data && !dashboard.isError ? <Loading /> : null}
      {data ? (
        <Stack gap="lg">
          <Headline data={data} />
          <Aging data={data} />
          <Actions data={data} />
          <DueToday data={data} />
        </Stack>
      ) : null}
    </>
  );
}
