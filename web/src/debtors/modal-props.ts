/** The look every dialog of the debtor page shares, with a labelled close button. */
export const modalProps = (closeLabel: string) => ({
  centered: true,
  radius: "lg" as const,
  styles: { title: { fontWeight: 700, fontSize: "var(--mantine-font-size-lg)" } },
  closeButtonProps: { "aria-label": closeLabel },
});

/** The server's reason for one field of a refused request, if it named that field. */
export function fieldReason(error: unknown, field: string): string | null {
  if (typeof error !== "object" || error === null || !("fieldErrors" in error)) return null;
  const list = (error as { fieldErrors: { field: string; reason: string }[] }).fieldErrors;
  return list.find((item) => item.field === field)?.reason ?? null;
}
