import { Center, EmptyState, Paper } from "@mantine/core";
import { Suspense, lazy } from "react";
import type { User } from "../api/types.ts";
import { useT } from "../i18n/i18n-context.tsx";
import { matchPath } from "../router/match-path.ts";
import { useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { FullPageLoader } from "../ui/full-page-loader.tsx";
import { IconBuilding } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { AppLayout } from "./app-layout.tsx";
import { ComingSoonPage } from "./coming-soon-page.tsx";
import { CreditorProvider, useCreditorsQuery } from "./creditor-context.tsx";
import { NAV_ITEMS } from "./nav-items.ts";
import { NotFoundPage } from "./not-found-page.tsx";

const DebtorsPage = lazy(() => import("../debtors/debtors-page.tsx").then((module) => ({ default: module.DebtorsPage })));
const DebtorPage = lazy(() => import("../debtors/debtor-page.tsx").then((module) => ({ default: module.DebtorPage })));

function Page({ pathname }: { pathname: string }) {
  if (matchPath("/devedores", pathname)) return <DebtorsPage />;
  const debtor = matchPath("/devedores/:debtorId", pathname);
  if (debtor?.debtorId) return <DebtorPage key={debtor.debtorId} debtorId={debtor.debtorId} />;
  const pending = NAV_ITEMS.find((item) => !item.ready && matchPath(item.path, pathname));
  if (pending) return <ComingSoonPage area={pending.label} />;
  return <NotFoundPage />;
}

function NoCreditor() {
  const t = useT();
  useDocumentTitle(t("creditors.none.title"));
  return (
    <>
      <PageHeader title={t("creditors.none.title")} />
      <Paper withBorder radius="lg" py={64} px="xl">
        <EmptyState variant="light" size="lg" icon={<IconBuilding size={30} />} description={t("creditors.none.description")} />
      </Paper>
    </>
  );
}

/** Everything behind the login: loads the user's creditors, then the shell and the page. */
export function AuthenticatedApp({ user }: { user: User }) {
  const t = useT();
  const { pathname } = useLocation();
  const creditors = useCreditorsQuery();

  if (creditors.isPending) return <FullPageLoader label={t("common.loading")} />;
  if (creditors.isError) {
    return (
      <Center mih="100vh" p="md" component="main">
        <ErrorAlert error={creditors.error} onRetry={() => void creditors.refetch()} />
      </Center>
    );
  }

  const items = creditors.data.items;
  return (
    <CreditorProvider creditors={items}>
      <AppLayout user={user}>
        {items.length === 0 ? (
          <NoCreditor />
        ) : (
          <Suspense fallback={<FullPageLoader label={t("common.loading")} />}>
            <Page pathname={pathname} />
          </Suspense>
        )}
      </AppLayout>
    </CreditorProvider>
  );
}
