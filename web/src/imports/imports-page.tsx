import { Alert, Badge, Button, Checkbox, FileButton, Grid, Group, List, Pagination, Paper, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload, IconFileSpreadsheet, IconUpload } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { DragEvent, FormEvent, ReactNode } from "react";
import type { ImportResult, RowIssue } from "../api/types.ts";
import { actorLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { EChart } from "../ui/echart.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useImportHistory, useImportUpload, type ImportOptions } from "./imports-api.ts";
import { downloadText, importReportCsv, reportFileName } from "./report-csv.ts";
import classes from "./imports.module.css";

const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ISSUES_PER_PAGE = 50;
const TEMPLATE = "documento;nome;email;telefone;whatsapp;uf;cidade;cep;endereco;titulo;descricao;valor;vencimento;emissao;contrato;parcela;nosso_numero;segmento;tags\r\n";

function Panel({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="lg" className={classes.panel} component="section" aria-labelledby={id}>
      <Group justify="space-between" className={classes.panelHeader} gap="sm">
        <Title order={2} fz={17} id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

function fileSize(bytes: number, count: (value: number) => string): string {
  if (bytes < 1024) return `${count(bytes)} B`;
  if (bytes < 1024 * 1024) return `${count(Math.round(bytes / 1024))} KB`;
  return `${count(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}

function UploadForm({ busy, onSubmit }: { busy: boolean; onSubmit: (file: File, options: ImportOptions) => void }) {
  const { t, count } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [missing, setMissing] = useState(false);

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) {
      setFile(dropped);
      setMissing(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    onSubmit(file, { dryRun, allOrNothing });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" p="lg">
        <div
          className={classes.dropZone}
          data-dragging={dragging || undefined}
          data-invalid={missing || undefined}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <IconFileSpreadsheet size={34} aria-hidden="true" className={classes.dropIcon} />
          {file ? (
            <Text fw={600} className={classes.fileName}>
              {file.name} <Text span c="dimmed" fw={400}>({fileSize(file.size, count)})</Text>
            </Text>
          ) : (
            <Text fw={600}>{t("imports.dropHere")}</Text>
          )}
          <Text fz="sm" c="dimmed">
            {t("imports.formats")}
          </Text>
          <FileButton
            accept={ACCEPT}
            onChange={(chosen) => {
              setFile(chosen);
              setMissing(false);
            }}
          >
            {(props) => (
              <Button {...props} variant="default" mt="xs" aria-describedby={missing ? "import-file-error" : undefined}>
                {file ? t("imports.changeFile") : t("imports.chooseFile")}
              </Button>
            )}
          </FileButton>
          {missing ? (
            <Text id="import-file-error" fz="sm" c="var(--mantine-color-error)" role="alert">
              {t("imports.fileRequired")}
            </Text>
          ) : null}
        </div>
        <Checkbox label={t("imports.dryRun")} description={t("imports.dryRunHint")} checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} />
        <Checkbox label={t("imports.allOrNothing")} description={t("imports.allOrNothingHint")} checked={allOrNothing} onChange={(event) => setAllOrNothing(event.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconUpload size={18} />} loading={busy}>
            {dryRun ? t("imports.submitDryRun") : t("imports.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function IssueTable({ issues, title, id, color }: { issues: RowIssue[]; title: string; id: string; color: string }) {
  const { t, count } = useI18n();
  const [page, setPage] = useState(1);
  if (issues.length === 0) return null;
  const pages = Math.ceil(issues.length / ISSUES_PER_PAGE);
  const shown = issues.slice((page - 1) * ISSUES_PER_PAGE, page * ISSUES_PER_PAGE);
  return (
    <section aria-labelledby={id} className={classes.issues}>
      <Group gap="xs" mb="xs">
        <Title order={3} fz={15} id={id}>
          {title}
        </Title>
        <Badge variant="light" color={color}>
          {count(issues.length)}
        </Badge>
      </Group>
      <TableScroll minWidth={560} label={title}>
        <Table verticalSpacing={6} horizontalSpacing="md" className={classes.table} aria-labelledby={id} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={90} ta="right">{t("imports.col.line")}</Table.Th>
              <Table.Th scope="col" w={200}>{t("imports.col.field")}</Table.Th>
              <Table.Th scope="col">{t("imports.col.reason")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((issue, index) => (
              <Table.Tr key={`${issue.line}:${issue.field}:${index}`}>
                <Table.Td ta="right" className="tabular">{issue.line}</Table.Td>
                <Table.Td>{issue.field || "—"}</Table.Td>
                <Table.Td>{issue.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {pages > 1 ? (
        <Group justify="flex-end" mt="sm">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            size="sm"
            getControlProps={(control) => ({ "aria-label": control === "next" ? t("pagination.next") : control === "previous" ? t("pagination.previous") : control })}
            getItemProps={(item) => ({ "aria-label": t("pagination.page", { page: item }) })}
          />
        </Group>
      ) : null}
    </section>
  );
}

function ResultView({ result, refused, fileName, options }: { result: ImportResult; refused: boolean; fileName: string; options: ImportOptions }) {
  const { t, count } = useI18n();
  const stats = [
    { key: "imported", label: t("imports.stat.imported"), value: result.imported, color: "#2f9e44" },
    { key: "updated", label: t("imports.stat.updated"), value: result.updated, color: "#3b5bdb" },
    { key: "unchanged", label: t("imports.stat.unchanged"), value: result.unchanged, color: "#868e96" },
    { key: "rejected", label: t("imports.stat.rejected"), value: result.rejected.length, color: "#e03131" },
    { key: "warnings", label: t("imports.stat.warnings"), value: result.warnings.length, color: "#f08c00" },
  ];
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: stats.map((s) => s.label), axisTick: { show: false } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      series: [{ type: "bar", barMaxWidth: 22, data: stats.map((s) => ({ value: s.value, itemStyle: { color: s.color, borderRadius: [0, 4, 4, 0] } })), label: { show: true, position: "right" } }],
      animation: false,
    }),
    [result, t],
  );
  const summary = stats.map((s) => `${s.label}: ${count(s.value)}`).join("; ");
  const headline = refused
    ? { color: "red", text: t("imports.refused", { count: count(result.rejected.length) }) }
    : options.dryRun
      ? { color: "indigo", text: t("imports.simulated") }
      : { color: "teal", text: t("imports.done") };
  const download = () =>
    downloadText(
      reportFileName(fileName),
      importReportCsv(result, {
        kind: t("imports.csv.kind"), line: t("imports.col.line"), field: t("imports.col.field"), reason: t("imports.col.reason"),
        rejected: t("imports.csv.rejected"), warning: t("imports.csv.warning"),
      }),
    );
  return (
    <Panel
      title={t("imports.resultTitle", { file: fileName })}
      id="import-result-title"
      actions={
        <Button variant="light" size="xs" leftSection={<IconDownload size={16} />} onClick={download}>
          {t("imports.download")}
        </Button>
      }
    >
      <Stack gap="lg" p="lg">
        <Alert color={headline.color} variant="light" role="status">
          {headline.text}
        </Alert>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" component="dl" className={classes.stats}>
          {stats.map((s) => (
            <div key={s.key} className={classes.stat}>
              <Text component="dt" fz="xs" fw={700} c="dimmed" tt="uppercase">
                {s.label}
              </Text>
              <Text component="dd" fz={24} fw={700} className="tabular">
                {count(s.value)}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        <EChart option={option} height={190} label={t("imports.chartLabel", { summary })} />
        <IssueTable issues={result.rejected} title={t("imports.rejectedTitle")} id="rejected-title" color="red" />
        <IssueTable issues={result.warnings} title={t("imports.warningsTitle")} id="warnings-title" color="orange" />
        {result.rejected.length === 0 && result.warnings.length === 0 ? <Text c="dimmed">{t("imports.noIssues")}</Text> : null}
      </Stack>
    </Panel>
  );
}

function History({ creditorId }: { creditorId: string }) {
  const { t, instant, count } = useI18n();
  const history = useImportHistory(creditorId);
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Panel title={t("imports.historyTitle")} id="import-history-title">
      {history.isError ? (
        <div className={classes.message}>
          <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
        </div>
      ) : history.isPending ? (
        <Stack p="lg" gap="sm">
          <Skeleton height={14} />
          <Skeleton height={14} width="70%" />
        </Stack>
      ) : items.length === 0 ? (
        <Text className={classes.empty}>{t("imports.historyEmpty")}</Text>
      ) : (
        <>
          <TableScroll minWidth={860} label={t("imports.historyTitle")}>
            <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="import-history-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("imports.col.at")}</Table.Th>
                  <Table.Th scope="col">{t("imports.col.file")}</Table.Th>
                  <Table.Th scope="col">{t("imports.col.actor")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("imports.stat.imported")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("imports.stat.updated")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("imports.stat.unchanged")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("imports.stat.rejected")}</Table.Th>
                  <Table.Th scope="col" ta="right">{t("imports.stat.warnings")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td className="tabular">{instant(item.at)}</Table.Td>
                    <Table.Td className={classes.fileName}>{item.fileName}</Table.Td>
                    <Table.Td>{actorLabel(t, item.actor)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{count(item.imported)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{count(item.updated)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{count(item.unchanged)}</Table.Td>
                    <Table.Td ta="right" className="tabular" c={item.rejected > 0 ? "red.9" : undefined} fw={item.rejected > 0 ? 700 : undefined}>
                      {count(item.rejected)}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">{count(item.warnings)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {history.hasNextPage ? (
            <Group justify="center" p="md">
              <Button variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
                {t("imports.loadMore")}
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </Panel>
  );
}

export function ImportsPage() {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("imports.title"));
  const upload = useImportUpload(creditor.id);
  const { state } = upload;
  const busy = state.phase === "sending" || state.phase === "processing";

  return (
    <>
      <PageHeader title={t("imports.title")} description={t("imports.subtitle", { creditor: creditorName(creditor) })} />
      <Stack gap="lg">
        <Grid gap="lg" align="stretch">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Panel title={t("imports.uploadTitle")} id="import-upload-title">
              <UploadForm busy={busy} onSubmit={(file, options) => void upload.start(file, options)} />
              {busy ? (
                <Stack gap={6} px="lg" pb="lg" aria-live="polite">
                  {state.phase === "sending" ? (
                    <>
                      <Progress value={state.percent} aria-label={t("imports.sendingLabel")} size="lg" radius="xl" />
                      <Text fz="sm">{t("imports.sending", { percent: state.percent })}</Text>
                    </>
                  ) : (
                    <>
                      <Progress value={100} striped animated aria-label={t("imports.processing")} size="lg" radius="xl" />
                      <Text fz="sm">{t("imports.processing")}</Text>
                    </>
                  )}
                </Stack>
              ) : null}
              {state.phase === "failed" ? (
                <div className={classes.message}>
                  <ErrorAlert error={state.error} title={t("imports.failed")} />
                </div>
              ) : null}
            </Panel>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Panel
              title={t("imports.helpTitle")}
              id="import-help-title"
              actions={
                <Button variant="subtle" size="xs" leftSection={<IconDownload size={16} />} onClick={() => downloadText(t("imports.templateFile"), `\ufeff${TEMPLATE}`)}>
                  {t("imports.template")}
                </Button>
              }
            >
              <Stack gap="sm" p="lg">
                <Text fz="sm">{t("imports.helpRequired")}</Text>
                <Text fz="sm">{t("imports.helpOptional")}</Text>
                <List size="sm" spacing={4}>
                  <List.Item>{t("imports.helpFormats")}</List.Item>
                  <List.Item>{t("imports.helpMerge")}</List.Item>
                  <List.Item>{t("imports.helpContacts")}</List.Item>
                </List>
              </Stack>
            </Panel>
          </Grid.Col>
        </Grid>
        {state.phase === "done" ? <ResultView key={state.run} result={state.result} refused={state.refused} fileName={state.fileName} options={state.options} /> : null}
        <History creditorId={creditor.id} />
      </Stack>
    </>
  );
}
