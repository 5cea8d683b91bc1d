import { Alert, Badge, Button, Grid, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { navigate, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { emptyLadderForm, formOf } from "./ladder-form.ts";
import { LadderEditor } from "./ladder-editor.tsx";
import { useLadders, type LadderView } from "./ladders-api.ts";
import { CHANNEL_ICON, STAGE_FILL } from "./vocabulary.tsx";
import classes from "./ladders.module.css";

function LadderCard({ ladder, selected, onOpen }: { ladder: LadderView; selected: boolean; onOpen: () => void }) {
  const { t, instant } = useI18n();
  const last = ladder.versions[ladder.versions.length - 1];
  return (
    <UnstyledButton
      className={classes.ladderCard}
      data-selected={selected || undefined}
      aria-current={selected ? "true" : undefined}
      onClick={() => {
        onOpen();
        navigate(`/reguas?regua=${encodeURIComponent(ladder.id)}`, { replace: true });
      }}
    >
      <Text fw={700} fz="sm" className={classes.ladderName}>
        {ladder.name}
        {ladder.isDefault ? <Badge size="xs" ml={6} variant="filled" color="indigo">{t("ladders.default")}</Badge> : null}
      </Text>
      <Text fz="xs" c="dimmed">{t("ladders.cardMeta", { id: ladder.id, steps: ladder.document.steps.length, version: ladder.currentVersion })}</Text>
      <span className={classes.miniSteps} aria-hidden="true">
        {ladder.document.steps.map((s) => {
          const Icon = CHANNEL_ICON[s.channel];
          return (
            <span key={s.id} className={classes.miniStep} style={{ background: STAGE_FILL[s.stage] }}>
              <Icon size={11} stroke={2.2} aria-hidden />
            </span>
          );
        })}
      </span>
      {last ? <Text fz="xs" c="dimmed">{t("ladders.updated", { at: instant(last.createdAt) })}</Text> : null}
    </UnstyledButton>
  );
}

/** Réguas: the creditor's ladders and the editor of the chosen one (or a new one). */
export function LaddersPage() {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  const { search } = useLocation();
  useDocumentTitle(t("ladders.title"));
  const ladders = useLadders(creditor.id);
  const [saved, setSaved] = useState<string | null>(null);
  const items = ladders.data?.items ?? [];
  const wanted = search.get("regua");
  const isNew = search.get("nova") === "1" || (ladders.isSuccess && items.length === 0);
  const selected = isNew ? null : (items.find((l) => l.id === wanted) ?? items.find((l) => l.isDefault) ?? items[0] ?? null);
  // The editor restarts from the stored document when the selection or the stored version changes.
  const editorKey = isNew ? "new" : selected ? `${selected.id}@${selected.currentVersion}` : "none";
  const initial = useMemo(() => (selected ? formOf(selected.document) : emptyLadderForm()), [editorKey]);

  return (
    <>
      <PageHeader
        title={t("ladders.title")}
        description={t("ladders.subtitle", { creditor: creditorName(creditor) })}
        actions={<Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => {
          setSaved(null);
          navigate("/reguas?nova=1", { replace: true });
        }}>{t("ladders.new")}</Button>}
      />
      {ladders.isError ? <ErrorAlert error={ladders.error} onRetry={() => void ladders.refetch()} /> : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <Paper withBorder radius="lg" p="md" component="nav" aria-labelledby="ladders-list-title">
            <Title order={2} fz={15} id="ladders-list-title" mb="sm">{t("ladders.listTitle")}</Title>
            {ladders.isPending ? (
              <Stack gap="xs"><Skeleton height={60} /><Skeleton height={60} /></Stack>
            ) : items.length === 0 ? (
              <Text fz="sm" c="dimmed">{t("ladders.empty")}</Text>
            ) : (
              <Stack gap="xs" component="ul" className={classes.ladderList}>
                {items.map((ladder) => (
                  <li key={ladder.id}><LadderCard ladder={ladder} selected={!isNew && selected?.id === ladder.id} onOpen={() => setSaved(null)} /></li>
                ))}
              </Stack>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section" aria-labelledby="ladder-editor-title">
            <Title order={2} fz={20} id="ladder-editor-title" mb="md">
              {isNew ? t("ladders.newTitle") : selected ? t("ladders.editTitle", { name: selected.name }) : t("common.loading")}
            </Title>
            {saved ? (
              <Alert color="teal" variant="light" role="status" mb="md" withCloseButton onClose={() => setSaved(null)} closeButtonLabel={t("common.close")}>
                {saved}
              </Alert>
            ) : null}
            {ladders.isPending ? (
              <Skeleton height={300} />
            ) : (
              <LadderEditor
                key={editorKey}
                creditor={creditor}
                stored={selected}
                initial={initial}
                onSaved={(id, message) => {
                  setSaved(message);
                  navigate(`/reguas?regua=${encodeURIComponent(id)}`, { replace: true });
                }}
              />
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
