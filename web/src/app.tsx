import { Center, MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Suspense, lazy, useEffect, useState } from "react";
import { ApiError } from "./api/api-error.ts";
import { setUnauthorizedHandler } from "./api/client.ts";
import { resetSession, useSession } from "./auth/session.ts";
import { I18nProvider, useT } from "./i18n/i18n-context.tsx";
import { safeNextPath } from "./router/match-path.ts";
import { navigate, useLocation } from "./router/router.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";
import { ErrorAlert } from "./ui/error-alert.tsx";
import { FullPageLoader } from "./ui/full-page-loader.tsx";

const LoginPage = lazy(() => import("./auth/login-page.tsx").then((module) => ({ default: module.LoginPage })));
const AuthenticatedApp = lazy(() =>
  import("./layout/authenticated-app.tsx").then((module) => ({ default: module.AuthenticatedApp })),
);

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retry only what may be transient: no answer, or a 5xx.
        retry: (failures, error) => failures < 2 && (!(error instanceof ApiError) || error.kind === "network" || error.status >= 500),
      },
    },
  });
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Root() {
  const t = useT();
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <FullPageLoader label={t("common.loading")} />;
  if (session.isError) {
    return (
      <Center mih="100vh" p="md" component="main">
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </Center>
    );
  }

  const user = session.data;
  const fallback = <FullPageLoader label={t("common.loading")} />;
  if (location.pathname === "/login") {
    if (user) return <Redirect to={safeNextPath(location.search.get("next"))} />;
    return (
      <Suspense fallback={fallback}>
        <LoginPage />
      </Suspense>
    );
  }
  if (!user) {
    const here = location.href;
    return <Redirect to={here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`} />;
  }
  return (
    <Suspense fallback={fallback}>
      <AuthenticatedApp user={user} />
    </Suspense>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);

  // Any 401 outside login means the session ended (expired, revoked): drop the
  // cached data; Root then sends the person to the login page.
  useEffect(() => {
    setUnauthorizedHandler(() => resetSession(queryClient, null));
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <Root />
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
