export { clientIp } from "@/lib/http/client-ip";
export { readJsonBody } from "@/lib/http/read-json-body";
