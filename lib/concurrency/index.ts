export { allSettledLimited } from "@/lib/concurrency/all-settled-limited";
