import { EmptyState, Paper } from "@mantine/core";
import { useT } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { IconHammer } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";

/** Placeholder for an area whose backend does not exist yet. */
export function ComingSoonPage({ area }: { area: MessageKey }) {
  const t = useT();
  const name = t(area);
  useDocumentTitle(name);
  return (
    <>
      <PageHeader title={name} />
      <Paper withBorder radius="lg" py={64} px="xl">
        <EmptyState
          variant="light"
          size="lg"
          icon={<IconHammer size={30} />}
          title={<span role="heading" aria-level={2}>{t("comingSoon.title")}</span>}
          description={t("comingSoon.description", { area: name })}
        />
      </Paper>
    </>
  );
}
