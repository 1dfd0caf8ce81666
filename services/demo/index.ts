export { seedDemoHistory, type DemoHistory, type DemoHistoryOptions } from "@/services/demo/seed-demo-history";
