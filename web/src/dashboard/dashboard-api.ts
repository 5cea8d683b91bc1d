import { useQuery } from "@tanstack/react-query";
import { apiGet } from "../api/client.ts";
import { creditorPath } from "../debtors/debtors-api.ts";

export const AGING_BUCKETS = ["not_due", "1_30", "31_90", "91_180", "181_360", "361_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Action statuses and tracking kinds counted per channel (src/app/dashboard/get-dashboard.ts). */
export const ACTION_FIGURES = ["planned", "awaiting_approval", "sending", "sent", "delivered", "opened", "clicked", "bounced", "failed", "uncertain", "cancelled", "rejected"] as const;
export type ActionFigure = (typeof ACTION_FIGURES)[number];

export type Period = { from: string; to: string; payments: number; cents: number };
export type DueItem = { id: string; debtorId: string; debtorName: string; amountCents: number };
export type ChannelFigures = { channel: string } & Record<ActionFigure, number>;

/** GET /api/creditors/{id}/dashboard. */
export type Dashboard = {
  at: string;
  timeZone: string;
  aging: { buckets: { bucket: AgingBucket; debtors: number; openCents: number }[]; debtors: number; openCents: number };
  recovered: { thisMonth: Period; lastMonth: Period; lastMonthToDate: Period; unmatched: { payments: number; cents: number } };
  actions: { from: string; to: string; channels: ChannelFigures[]; totals: Record<ActionFigure, number> };
  dueToday: { promises: { count: number; cents: number; items: DueItem[] }; instalments: { count: number; cents: number; items: DueItem[] } };
  approvals: { total: number; channels: { channel: string; count: number }[] };
};

export function useDashboard(creditorId: string) {
  return useQuery({
    queryKey: ["creditors", creditorId, "dashboard"],
    queryFn: ({ signal }) => apiGet<Dashboard>(`${creditorPath(creditorId)}/dashboard`, { signal }),
  });
}
