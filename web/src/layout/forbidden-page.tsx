import { Button, EmptyState, Paper } from "@mantine/core";
import { useT } from "../i18n/i18n-context.tsx";
import { Link } from "../router/router.tsx";
import { IconLock } from "@tabler/icons-react";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";

/** A page the signed-in role may not use (reached by typing its address). */
export function ForbiddenPage() {
  const t = useT();
  useDocumentTitle(t("forbidden.title"));
  return (
    <>
      <PageHeader title={t("forbidden.title")} />
      <Paper withBorder radius="lg" py={64} px="xl">
        <EmptyState variant="light" size="lg" color="gray" icon={<IconLock size={30} />} description={t("forbidden.description")}>
          <EmptyState.Actions>
            <Button component={Link} to="/devedores">
              {t("forbidden.action")}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    </>
  );
}
