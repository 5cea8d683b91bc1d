import { Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useId } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import classes from "./debtor-actions.module.css";

/** A code to hand over (linha digitável, PIX copia e cola) with a labelled copy button. */
/** `display` is what people read (grouped digits); `value` is what the button copies. */
export function CopyField({ label, value, display, testId }: { label: string; value: string; display?: string; testId?: string }) {
  const t = useT();
  const id = useId();
  return (
    <Stack gap={6}>
      <Text fz="sm" fw={600} id={id}>
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="stretch">
        <Code block className={classes.code} aria-labelledby={id} data-testid={testId}>
          {display ?? value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? "light" : "filled"}
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
              aria-label={`${copied ? t("common.copied") : t("common.copy")}: ${label}`}
            >
              {copied ? t("common.copied") : t("common.copy")}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
