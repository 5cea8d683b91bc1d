import { ActionIcon, Alert, Anchor, Badge, Button, Grid, Group, NativeSelect, Paper, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput, Title, Tooltip, UnstyledButton } from "@mantine/core";
import { IconArrowBackUp, IconArrowLeft, IconDeviceFloppy, IconGitCompare } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/api-error.ts";
import { apiGet } from "../api/client.ts";
import { creditorPath } from "../debtors/debtors-api.ts";
import { actorLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { useCreditor } from "../layout/creditor-context.tsx";
import { MESSAGE_CHANNELS, STAGES, type Channel, type Stage } from "../ladders/ladder-form.ts";
import { ChannelTag, STAGE_COLOR, stageName } from "../ladders/vocabulary.tsx";
import { Link, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { CodeEditor, type CodeEditorHandle } from "./code-editor.tsx";
import { diffLines, diffStats } from "./line-diff.ts";
import { DebtorPicker, PreviewView, type PreviewState } from "./template-preview.tsx";
import {
  lintTemplate, previewTemplate, useRestoreTemplate, useSaveTemplate, useTemplateHistory, type LintResult, type PreviewResult, type TemplateView,
} from "./templates-api.ts";
import { TEMPLATE_FILTERS, TEMPLATE_VARIABLES, snippetOf } from "./variables.ts";
import classes from "./templates.module.css";

const STARTERS: Record<string, string> = {
  email: "Assunto: {{ creditor.tradeName | default: creditor.legalName }}: lembrete de pagamento\n\nOlá, {{ debtor.firstName }}.\n\nValor atualizado: {{ totals.totalCents | money }}\n\nPara pagar com boleto ou PIX, acesse:\n{{ links.payment }}\n",
  letter: "Título: Aviso de débito\n\nPrezado(a) {{ debtor.name }},\n\nValor atualizado: {{ totals.totalCents | money }}\n",
  sms: "{{ creditor.tradeName | default: creditor.legalName }} (CNPJ {{ creditor.cnpj }}): {{ debtor.firstName }}, sua parcela de {{ totals.totalCents | money }} está em aberto. Pague em {{ links.payment }}",
  whatsapp: "Olá, {{ debtor.firstName }}. Aqui é a {{ creditor.tradeName | default: creditor.legalName }} (CNPJ {{ creditor.cnpj }}). Sua parcela de {{ totals.totalCents | money }} está em aberto: {{ links.payment }}",
  phone: "1. Apresentação\nBom dia, aqui é … da {{ creditor.tradeName | default: creditor.legalName }}.\n",
};

type Loaded = { view: TemplateView; isNew: boolean };

/** Debounced server call that keeps only the answer to the latest input. */
function useDebouncedCall<I, R>(input: I | null, call: (input: I, signal: AbortSignal) => Promise<R>, delay: number) {
  const [state, setState] = useState<{ status: "idle" | "loading" } | { status: "error"; error: unknown; key: string } | { status: "done"; result: R; key: string }>({ status: "idle" });
  const key = input === null ? null : JSON.stringify(input);
  useEffect(() => {
    if (key === null || input === null) {
      setState({ status: "idle" });
      return;
    }
    const controller = new AbortController();
    setState((previous) => (previous.status === "done" || previous.status === "error" ? previous : { status: "loading" }));
    const timer = window.setTimeout(() => {
      call(input, controller.signal)
        .then((result) => setState({ status: "done", result, key }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState({ status: "error", error, key });
        });
    }, delay);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [key]);
  return { state, fresh: (state.status === "done" || state.status === "error") && state.key === key };
}

function Findings({ lint, onGo }: { lint: LintResult; onGo: (line: number, column: number, length: number) => void }) {
  const { t } = useI18n();
  const all = [...lint.errors.map((f) => ({ ...f, level: "error" as const })), ...lint.warnings.map((f) => ({ ...f, level: "warning" as const }))].sort((a, b) => a.line - b.line || a.column - b.column);
  if (all.length === 0) return <Text fz="sm" c="teal.9" fw={600}>{t("templates.lint.clean")}</Text>;
  return (
    <ul className={classes.findings} aria-label={t("templates.lint.label")}>
      {all.map((f, index) => (
        <li key={`${f.rule}:${f.line}:${f.column}:${index}`}>
          <UnstyledButton className={classes.finding} onClick={() => onGo(f.line, f.column, f.excerpt.length)}>
            <Badge size="sm" color={f.level === "error" ? "red" : "yellow"} variant="light" style={{ flex: "none" }}>{f.level === "error" ? t("templates.lint.error") : t("templates.lint.warning")}</Badge>
            <span className={classes.findingWhere}>{t("templates.lint.where", { line: f.line, column: f.column })}</span>
            <span>{f.message}{f.excerpt ? ` (“${f.excerpt}”)` : ""}</span>
          </UnstyledButton>
        </li>
      ))}
    </ul>
  );
}

function DiffView({ before, after, title }: { before: string; after: string; title: string }) {
  const { t } = useI18n();
  const lines = diffLines(before, after);
  const stats = diffStats(lines);
  return (
    <section aria-label={title}>
      <Group justify="space-between" mb={6}>
        <Text fw={700} fz="sm">{title}</Text>
        <Text fz="xs" c="dimmed">{t("templates.diff.stats", { added: stats.added, removed: stats.removed })}</Text>
      </Group>
      <div className={classes.diff} role="region" aria-label={title} tabIndex={0}>
        {lines.map((l, index) => (
          <div key={index} className={classes.diffLine} data-kind={l.kind}>
            <span className={classes.diffNum}>{l.oldLine ?? ""}</span>
            <span className={classes.diffNum}>{l.newLine ?? ""}</span>
            <span className={classes.diffSign}>
              {l.kind === "added" ? "+" : l.kind === "removed" ? "−" : " "}
              <span className={classes.visuallyHidden}>{l.kind === "added" ? t("templates.diff.added") : l.kind === "removed" ? t("templates.diff.removed") : ""}</span>
            </span>
            <span>{l.text || " "}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

function Workbench({ creditorId, loaded }: { creditorId: string; loaded: Loaded }) {
  const { t, locale, instant } = useI18n();
  const key = loaded.view.key;
  const channel = loaded.view.channel as Channel;
  const [base, setBase] = useState<TemplateView>(loaded.view);
  const [hasVersions, setHasVersions] = useState(loaded.view.source === "creditor");
  const [content, setContent] = useState(loaded.view.content);
  const [stage, setStage] = useState<Stage>(loaded.view.stage as Stage);
  const [sector, setSector] = useState(loaded.view.sector ?? "");
  const [debtor, setDebtor] = useState<{ id: string; name: string }>({ id: "", name: "" });
  const [notice, setNotice] = useState<string | null>(null);
  const [compare, setCompare] = useState<TemplateView | null>(null);
  const [tab, setTab] = useState<string | null>("preview");
  const editor = useRef<CodeEditorHandle>(null);
  const save = useSaveTemplate(creditorId, key);
  const restore = useRestoreTemplate(creditorId, key);
  const history = useTemplateHistory(creditorId, key, hasVersions || loaded.view.source === "pack");

  const lint = useDebouncedCall({ content, channel, stage }, (input, signal) => lintTemplate(creditorId, input, signal), 300);
  const lintResult: LintResult = lint.state.status === "done" ? lint.state.result : { errors: [], warnings: [] };
  const preview = useDebouncedCall(
    debtor.id && content.trim() ? { debtorId: debtor.id, content, channel, stage, key } : null,
    (input, signal) => previewTemplate(creditorId, input, signal),
    500,
  );
  const previewState: PreviewState = preview.state.status === "done" ? { status: "done", result: preview.state.result as PreviewResult } : preview.state.status === "error" ? { status: "error", error: preview.state.error } : { status: preview.state.status };
  const errorsNow = lintResult.errors.length;
  const canSave = lint.fresh && errorsNow === 0 && content.trim() !== "";
  const pickDebtor = useCallback((id: string, name: string) => setDebtor({ id, name }), []);

  function doSave() {
    setNotice(null);
    save.mutate({ channel, stage, content, ...(sector.trim() ? { sector: sector.trim() } : {}) }, {
      onSuccess: (result) => {
        setBase(result.template);
        setHasVersions(true);
        setNotice(result.created ? t("templates.saved", { version: result.template.version ?? 0 }) : t("templates.unchanged", { version: result.template.version ?? 0 }));
      },
    });
  }

  function doRestore(version: number) {
    setNotice(null);
    restore.mutate(version, {
      onSuccess: (result) => {
        setBase(result.template);
        setContent(result.template.content);
        setStage(result.template.stage as Stage);
        setCompare(null);
        setNotice(t("templates.restored", { from: version, version: result.template.version ?? 0 }));
      },
    });
  }

  const dirty = content !== base.content || stage !== base.stage;
  const versions = history.data?.items ?? [];

  return (
    <Stack gap="lg">
      {notice ? (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t("common.close")}>{notice}</Alert>
      ) : null}
      {save.isError && !(save.error instanceof ApiError && save.error.status === 422) ? <ErrorAlert error={save.error} /> : null}
      {restore.isError ? <ErrorAlert error={restore.error} /> : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="tpl-editor-title">
            <Group justify="space-between" mb="sm">
              <Title order={2} fz={17} id="tpl-editor-title">{t("templates.editor.title")}</Title>
              <Group gap={6}>
                <ChannelTag channel={channel} t={t} />
                {base.source === "pack" ? <Badge variant="outline" color="gray">{t("templates.source.pack")}</Badge> : <Badge variant="light">{t("templates.source.version", { version: base.version ?? 0 })}</Badge>}
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm">
              <NativeSelect label={t("templates.col.stage")} value={stage} onChange={(event) => setStage(event.currentTarget.value as Stage)} data={STAGES.map((s) => ({ value: s, label: stageName(t, s) }))} />
              <TextInput label={t("templates.col.sector")} description={t("templates.editor.sectorHint")} value={sector} onChange={(event) => setSector(event.currentTarget.value)} />
            </SimpleGrid>
            <Text fz="sm" fw={600} mb={4} id="tpl-content-label">{t("templates.editor.content")}</Text>
            <Text fz="xs" c="dimmed" mb={6} id="tpl-content-hint">{channel === "email" ? t("templates.editor.hintEmail") : channel === "letter" ? t("templates.editor.hintLetter") : t("templates.editor.hint")}</Text>
            <CodeEditor ref={editor} value={content} onChange={setContent} findings={lintResult} label={t("templates.editor.content")} describedBy="tpl-content-hint tpl-lint-summary" />
            <section aria-labelledby="tpl-lint-title">
              <Group justify="space-between" mt="md" mb={6}>
                <Title order={3} fz={15} id="tpl-lint-title">{t("templates.lint.title")}</Title>
                <Text fz="xs" c="dimmed" id="tpl-lint-summary" role="status">
                  {!lint.fresh ? t("templates.lint.checking") : t("templates.lint.summary", { errors: lintResult.errors.length, warnings: lintResult.warnings.length })}
                </Text>
              </Group>
              {lint.state.status === "error" ? <ErrorAlert error={lint.state.error} /> : <Findings lint={lintResult} onGo={(line, column, length) => editor.current?.goTo(line, column, length)} />}
            </section>
            <Group justify="space-between" mt="lg" wrap="wrap" gap="sm">
              <Text fz="sm" c={errorsNow > 0 ? "var(--mantine-color-error)" : "dimmed"} fw={errorsNow > 0 ? 600 : 400}>
                {errorsNow > 0 ? t("templates.saveBlocked") : dirty ? t("templates.unsaved") : ""}
              </Text>
              <Button leftSection={<IconDeviceFloppy size={18} aria-hidden />} onClick={doSave} loading={save.isPending} disabled={!canSave}>
                {t("templates.saveVersion")}
              </Button>
            </Group>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
            <Tabs value={tab} onChange={setTab} keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="preview">{t("templates.tab.preview")}</Tabs.Tab>
                <Tabs.Tab value="variables">{t("templates.tab.variables")}</Tabs.Tab>
                <Tabs.Tab value="versions">{t("templates.tab.versions")}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="preview">
                <Stack gap="md">
                  <DebtorPicker creditorId={creditorId} value={debtor.id} onChange={pickDebtor} />
                  <PreviewView state={previewState} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="variables">
                <Text fz="sm" c="dimmed" mb="sm">{t("templates.vars.hint")}</Text>
                <ul className={classes.varList} aria-label={t("templates.tab.variables")}>
                  {TEMPLATE_VARIABLES.map((v) => (
                    <li key={v.path} className={classes.varItem}>
                      <span className={classes.varPath}>{v.path}</span>
                      <Button size="compact-xs" variant="light" onClick={() => editor.current?.insert(snippetOf(v))} aria-label={t("templates.vars.insertLabel", { path: v.path })}>
                        {t("templates.vars.insert")}
                      </Button>
                      <Text fz="xs" c="dimmed" style={{ gridColumn: "1 / -1" }}>{locale === "en" ? v.en : v.pt}</Text>
                    </li>
                  ))}
                </ul>
                <Title order={3} fz={14} mt="md" mb={6}>{t("templates.vars.filters")}</Title>
                <ul className={classes.varList} aria-label={t("templates.vars.filters")}>
                  {TEMPLATE_FILTERS.map((f) => (
                    <li key={f.name} className={classes.varItem}>
                      <span className={classes.varPath}>{f.example}</span>
                      <Button size="compact-xs" variant="light" onClick={() => editor.current?.insert(f.example)} aria-label={t("templates.vars.insertLabel", { path: f.name })}>
                        {t("templates.vars.insert")}
                      </Button>
                      <Text fz="xs" c="dimmed" style={{ gridColumn: "1 / -1" }}>{locale === "en" ? f.en : f.pt}</Text>
                    </li>
                  ))}
                </ul>
              </Tabs.Panel>
              <Tabs.Panel value="versions">
                {history.isPending && history.fetchStatus !== "idle" ? <Skeleton height={120} /> : null}
                {history.isError ? <ErrorAlert error={history.error} /> : null}
                {versions.length === 0 && !history.isPending ? <Text fz="sm" c="dimmed" mb="sm">{t("templates.versions.none")}</Text> : null}
                {versions.length > 0 || history.data?.pack ? (
                  <Table verticalSpacing={6} aria-label={t("templates.tab.versions")} className={classes.table}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t("templates.versions.version")}</Table.Th>
                        <Table.Th scope="col">{t("templates.versions.when")}</Table.Th>
                        <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("templates.versions.actions")}</span></Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {versions.map((v) => (
                        <Table.Tr key={v.version}>
                          <Table.Td fz="sm">
                            <strong>v{v.version}</strong>
                            {v.version === base.version ? <Badge size="xs" ml={6} variant="light">{t("templates.versions.current")}</Badge> : null}
                            {v.restoredFrom ? <Text fz="xs" c="dimmed">{t("templates.versions.restoredFrom", { version: v.restoredFrom })}</Text> : null}
                          </Table.Td>
                          <Table.Td fz="xs">
                            {v.createdAt ? <span className="tabular">{instant(v.createdAt)}</span> : null}
                            {v.author ? <Text fz="xs" c="dimmed">{actorLabel(t, v.author)}</Text> : null}
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4} justify="flex-end" wrap="nowrap">
                              <Tooltip label={t("templates.versions.compareLabel", { version: v.version ?? 0 })} withinPortal>
                                <ActionIcon variant="subtle" onClick={() => setCompare(v)} aria-label={t("templates.versions.compareLabel", { version: v.version ?? 0 })}>
                                  <IconGitCompare size={17} aria-hidden />
                                </ActionIcon>
                              </Tooltip>
                              {v.version !== base.version ? (
                                <Tooltip label={t("templates.versions.restoreLabel", { version: v.version ?? 0 })} withinPortal>
                                  <ActionIcon variant="light" loading={restore.isPending && restore.variables === v.version} onClick={() => doRestore(v.version!)} aria-label={t("templates.versions.restoreLabel", { version: v.version ?? 0 })}>
                                    <IconArrowBackUp size={17} aria-hidden />
                                  </ActionIcon>
                                </Tooltip>
                              ) : null}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                      {history.data?.pack ? (
                        <Table.Tr>
                          <Table.Td fz="sm"><strong>{t("templates.source.pack")}</strong></Table.Td>
                          <Table.Td fz="xs" c="dimmed">{t("templates.versions.packHint")}</Table.Td>
                          <Table.Td>
                            <Group justify="flex-end">
                              <Tooltip label={t("templates.diff.titlePack")} withinPortal>
                                <ActionIcon variant="subtle" onClick={() => setCompare(history.data!.pack)} aria-label={t("templates.versions.comparePack")}>
                                  <IconGitCompare size={17} aria-hidden />
                                </ActionIcon>
                              </Tooltip>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Table.Tbody>
                  </Table>
                ) : null}
                {compare ? (
                  <Stack gap="xs" mt="md">
                    <DiffView
                      before={compare.content}
                      after={content}
                      title={compare.version ? t("templates.diff.title", { version: compare.version }) : t("templates.diff.titlePack")}
                    />
                    <Group justify="flex-end">
                      <Button size="xs" variant="default" onClick={() => setCompare(null)}>{t("common.close")}</Button>
                    </Group>
                  </Stack>
                ) : null}
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Modelos › one template: editor with highlighting and lint, live preview, variables, versions. */
export function TemplateEditorPage({ templateKey }: { templateKey: string }) {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  const { search } = useLocation();
  useDocumentTitle(t("templates.editor.pageTitle", { key: templateKey }));
  const wantedChannel = search.get("canal") ?? "";
  const wantedStage = search.get("fase") ?? "friendly";
  const loaded = useQuery({
    queryKey: ["creditors", creditor.id, "templates", "one", templateKey],
    queryFn: async ({ signal }): Promise<Loaded> => {
      try {
        const view = await apiGet<TemplateView>(`${creditorPath(creditor.id)}/templates/${encodeURIComponent(templateKey)}`, { signal });
        return { view, isNew: false };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && (MESSAGE_CHANNELS as readonly string[]).includes(wantedChannel)) {
          const stage = (STAGES as readonly string[]).includes(wantedStage) ? wantedStage : "friendly";
          return {
            isNew: true,
            view: { key: templateKey, channel: wantedChannel, stage, sector: null, version: null, author: null, createdAt: null, restoredFrom: null, source: "creditor", content: STARTERS[wantedChannel] ?? "" },
          };
        }
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  return (
    <>
      <PageHeader
        before={<Anchor component={Link} to="/modelos" fz="sm"><Group gap={4}><IconArrowLeft size={16} aria-hidden />{t("templates.back")}</Group></Anchor>}
        title={<span className={classes.key} style={{ fontSize: "inherit", fontFamily: "inherit" }}>{templateKey}</span>}
        description={
          loaded.data ? (
            <span>
              {loaded.data.isNew ? t("templates.editor.newDescription") : t("templates.editor.description")}{" "}
              <Badge component="span" variant="light" color={STAGE_COLOR[loaded.data.view.stage as Stage] ?? "gray"}>{stageName(t, loaded.data.view.stage)}</Badge>
            </span>
          ) : undefined
        }
      />
      {loaded.isPending ? <Skeleton height={400} radius="lg" /> : null}
      {loaded.isError ? <ErrorAlert error={loaded.error} onRetry={() => void loaded.refetch()} /> : null}
      {loaded.data ? <Workbench key={`${creditor.id}:${templateKey}`} creditorId={creditor.id} loaded={loaded.data} /> : null}
    </>
  );
}
