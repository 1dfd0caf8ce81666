export { foldRevenueDeltas } from "@/services/revenue/fold-revenue-deltas";
export { listRevenueRollups, type RevenueRollupRow } from "@/services/revenue/list-revenue-rollups";
export { ensureRevenueTimezone } from "@/services/revenue/ensure-revenue-timezone";
export { rebuildRevenueRollups } from "@/services/revenue/rebuild-revenue-rollups";
