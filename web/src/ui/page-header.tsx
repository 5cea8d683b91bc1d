import { Group, Stack, Text, Title } from "@mantine/core";
import { useEffect } from "react";
import type { ReactNode } from "react";

/** Sets the tab title as "<page> · Régua". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Régua` : "Régua";
  }, [title]);
}

/** The page's <h1>, optional description and actions on the right. */
export function PageHeader({ title, description, actions, before }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; before?: ReactNode }) {
  return (
    <Stack gap={6} mb="lg">
      {before}
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <div>
          <Title order={1} fz={26} lh={1.25}>
            {title}
          </Title>
          {description ? (
            <Text c="dimmed" mt={4}>
              {description}
            </Text>
          ) : null}
        </div>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
    </Stack>
  );
}
