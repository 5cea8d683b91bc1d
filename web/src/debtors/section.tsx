import { Badge, Group, Paper, Title } from "@mantine/core";
import type { ReactNode } from "react";
import classes from "./debtors.module.css";

/** A titled panel of the debtor page; `id` names its heading (aria-labelledby). */
export function Section({ title, id, children, count, actions }: { title: string; id: string; children: ReactNode; count?: number; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="lg" className={classes.panel} component="section" aria-labelledby={id}>
      <Group justify="space-between" className={classes.sectionHeader} wrap="wrap" gap="sm">
        <Group gap="xs">
          <Title order={2} fz={17} id={id}>
            {title}
          </Title>
          {count !== undefined ? (
            <Badge variant="light" color="gray" size="md" aria-hidden="true">
              {count}
            </Badge>
          ) : null}
        </Group>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}
