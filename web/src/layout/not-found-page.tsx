import { Button, EmptyState, Paper } from "@mantine/core";
import { useT } from "../i18n/i18n-context.tsx";
import { Link } from "../router/router.tsx";
import { IconAlert } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";

export function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t("notFound.title"));
  return (
    <>
      <PageHeader title={t("notFound.title")} />
      <Paper withBorder radius="lg" py={64} px="xl">
        <EmptyState variant="light" size="lg" color="gray" icon={<IconAlert size={30} />} description={t("notFound.description")}>
          <EmptyState.Actions>
            <Button component={Link} to="/">
              {t("notFound.action")}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    </>
  );
}
