import { Center, EmptyState, Paper } from "@mantine/core";
import { Suspense, lazy } from "react";
import type { Role, User } from "../api/types.ts";
import { UserProvider } from "../auth/user-context.tsx";
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
import { ForbiddenPage } from "./forbidden-page.tsx";
import { NAV_ITEMS, activeNavItem } from "./nav-items.ts";
import { NotFoundPage } from "./not-found-page.tsx";

const DebtorsPage = lazy(() => import("../debtors/debtors-page.tsx").then((module) => ({ default: module.DebtorsPage })));
const DebtorPage = lazy(() => import("../debtors/debtor-page.tsx").then((module) => ({ default: module.DebtorPage })));
const ImportsPage = lazy(() => import("../imports/imports-page.tsx").then((module) => ({ default: module.ImportsPage })));
const SettingsPage = lazy(() => import("../settings/settings-page.tsx").then((module) => ({ default: module.SettingsPage })));
const AuditPage = lazy(() => import("../audit/audit-page.tsx").then((module) => ({ default: module.AuditPage })));
const LaddersPage = lazy(() => import("../ladders/ladders-page.tsx").then((module) => ({ default: module.LaddersPage })));
const TemplatesPage = lazy(() => import("../templates/templates-page.tsx").then((module) => ({ default: module.TemplatesPage })));
const TemplateEditorPage = lazy(() => import("../templates/template-editor-page.tsx").then((module) => ({ default: module.TemplateEditorPage })));
const PaymentsPage = lazy(() => import("../payments/payments-page.tsx").then((module) => ({ default: module.PaymentsPage })));
const OutboxPage = lazy(() => import("../outbox/outbox-page.tsx").then((module) => ({ default: module.OutboxPage })));
const DashboardPage = lazy(() => import("../dashboard/dashboard-page.tsx").then((module) => ({ default: module.DashboardPage })));
const CallQueuePage = lazy(() => import("../calls/call-queue-page.tsx").then((module) => ({ default: module.CallQueuePage })));

function Page({ pathname, role }: { pathname: string; role: Role }) {
  const item = activeNavItem(pathname);
  if (item && !item.roles.includes(role)) return <ForbiddenPage />;
  if (pathname === "/") return <DashboardPage />;
  if (matchPath("/fila-de-ligacoes", pathname)) return <CallQueuePage />;
  if (matchPath("/devedores", pathname)) return <DebtorsPage />;
  const debtor = matchPath("/devedores/:debtorId", pathname);
  if (debtor?.debtorId) return <DebtorPage key={debtor.debtorId} debtorId={debtor.debtorId} />;
  if (matchPath("/importacoes", pathname)) return <ImportsPage />;
  if (matchPath("/configuracoes", pathname)) return <SettingsPage />;
  if (matchPath("/auditoria", pathname)) return <AuditPage />;
  if (matchPath("/reguas", pathname)) return <LaddersPage />;
  if (matchPath("/modelos", pathname)) return <TemplatesPage />;
  const template = matchPath("/modelos/:key", pathname);
  if (template?.key) return <TemplateEditorPage key={template.key} templateKey={template.key} />;
  if (matchPath("/caixa-de-saida", pathname)) return <OutboxPage />;
  if (matchPath("/pagamentos", pathname)) return <PaymentsPage />;
  const pending = NAV_ITEMS.find((entry) => !entry.ready && matchPath(entry.path, pathname));
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
    <UserProvider user={user}>
      <CreditorProvider creditors={items}>
        <AppLayout user={user}>
          {items.length === 0 ? (
            <NoCreditor />
          ) : (
            <Suspense fallback={<FullPageLoader label={t("common.loading")} />}>
              <Page pathname={pathname} role={user.role} />
            </Suspense>
          )}
        </AppLayout>
      </CreditorProvider>
    </UserProvider>
  );
}
