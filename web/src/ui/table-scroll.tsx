import { Table } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * Horizontal scroll for a wide table on narrow screens. The scroller is a named,
 * focusable region so keyboard users can scroll it too.
 */
export function TableScroll({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} className="table-scroll">
      {children}
    </Table.ScrollContainer>
  );
}
