import { Alert, Badge, Modal, Skeleton, Stack, Table, Tabs, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useI18n } from "../i18n/i18n-context.tsx";
import { sandboxedHtml } from "../templates/sandbox-html.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useSinkMessage } from "./outbox-api.ts";
import classes from "./outbox.module.css";

const DKIM_COLOR: Record<string, string> = { pass: "teal", fail: "red", unverified: "yellow", none: "gray" };

/** One message the embedded SMTP server received, as the debtor sees it, with its text part and headers. */
export function MessageViewer({ creditorId, messageId, onClose }: { creditorId: string; messageId: string | null; onClose: () => void }) {
  const { t, instant } = useI18n();
  const isPhone = useMediaQuery("(max-width: 48em)") ?? false;
  const message = useSinkMessage(creditorId, messageId);
  const m = message.data;
  const dkimLabel = (value: string) => t(`outbox.dkim.${value === "pass" || value === "fail" || value === "unverified" ? value : "none"}`);
  return (
    <Modal
      opened={messageId !== null}
      onClose={onClose}
      size="xl"
      fullScreen={isPhone}
      radius="lg"
      title={m?.subject ?? t("outbox.viewer.title")}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {message.isPending ? <Skeleton height={300} /> : null}
      {message.isError ? <ErrorAlert error={message.error} /> : null}
      {m ? (
        <Stack gap="md">
          <TableScroll minWidth={320} label={t("outbox.viewer.summary")}>
            <Table className={classes.headerTable} verticalSpacing={4} aria-label={t("outbox.viewer.summary")}>
              <Table.Tbody>
                <Table.Tr><Table.Th scope="row">{t("outbox.viewer.from")}</Table.Th><Table.Td>{m.from ?? "—"}</Table.Td></Table.Tr>
                <Table.Tr><Table.Th scope="row">{t("outbox.viewer.to")}</Table.Th><Table.Td>{m.to.join(", ") || "—"}</Table.Td></Table.Tr>
                {m.cc.length ? <Table.Tr><Table.Th scope="row">Cc</Table.Th><Table.Td>{m.cc.join(", ")}</Table.Td></Table.Tr> : null}
                {m.replyTo ? <Table.Tr><Table.Th scope="row">{t("outbox.viewer.replyTo")}</Table.Th><Table.Td>{m.replyTo}</Table.Td></Table.Tr> : null}
                <Table.Tr><Table.Th scope="row">{t("outbox.viewer.received")}</Table.Th><Table.Td className="tabular">{instant(m.receivedAt)}</Table.Td></Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">DKIM</Table.Th>
                  <Table.Td>
                    <Badge color={DKIM_COLOR[m.dkim] ?? "gray"} variant="light">{dkimLabel(m.dkim)}</Badge>
                    {m.dkimDomain ? <Text span fz="sm" ml={6}>d={m.dkimDomain}</Text> : null}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">List-Unsubscribe</Table.Th>
                  <Table.Td className={classes.mono}>{m.listUnsubscribe ?? t("outbox.viewer.noUnsubscribe")}</Table.Td>
                </Table.Tr>
                {m.listUnsubscribePost ? <Table.Tr><Table.Th scope="row">List-Unsubscribe-Post</Table.Th><Table.Td className={classes.mono}>{m.listUnsubscribePost}</Table.Td></Table.Tr> : null}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <Tabs defaultValue={m.html ? "html" : "text"} keepMounted={false}>
            <Tabs.List>
              {m.html ? <Tabs.Tab value="html">{t("outbox.viewer.asDebtor")}</Tabs.Tab> : null}
              <Tabs.Tab value="text">{t("outbox.viewer.text")}</Tabs.Tab>
              <Tabs.Tab value="headers">{t("outbox.viewer.headers")}</Tabs.Tab>
              <Tabs.Tab value="raw">{t("outbox.viewer.raw")}</Tabs.Tab>
            </Tabs.List>
            {m.html ? (
              <Tabs.Panel value="html" pt="sm">
                <iframe className={classes.frame} title={t("outbox.viewer.frame")} sandbox="" srcDoc={sandboxedHtml(m.html)} />
                <Text fz="xs" c="dimmed" mt={4}>{t("outbox.viewer.sandboxNote")}</Text>
              </Tabs.Panel>
            ) : null}
            <Tabs.Panel value="text" pt="sm">
              {m.text ? <pre className={classes.pre} tabIndex={0} aria-label={t("outbox.viewer.text")}>{m.text}</pre> : <Alert variant="light" color="gray">{t("outbox.viewer.noText")}</Alert>}
            </Tabs.Panel>
            <Tabs.Panel value="headers" pt="sm">
              <TableScroll minWidth={480} label={t("outbox.viewer.headers")}>
                <Table className={classes.headerTable} verticalSpacing={3} aria-label={t("outbox.viewer.headers")}>
                  <Table.Tbody>
                    {m.headers.map(([name, value], index) => (
                      <Table.Tr key={`${name}:${index}`}>
                        <Table.Th scope="row" className={classes.mono}>{name}</Table.Th>
                        <Table.Td className={classes.mono}>{value}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            </Tabs.Panel>
            <Tabs.Panel value="raw" pt="sm">
              <pre className={classes.pre} tabIndex={0} aria-label={t("outbox.viewer.raw")}>{m.raw}</pre>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </Modal>
  );
}
