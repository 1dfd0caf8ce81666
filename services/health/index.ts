export { getHealth, type Health } from "@/services/health/get-health";
