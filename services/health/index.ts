export { getHealth, publicHealth, type Health, type PublicHealth } from "@/services/health/get-health";
