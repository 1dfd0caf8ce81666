export { clientIp } from "@/lib/http/client-ip";
export { readJsonBody } from "@/lib/http/read-json-body";
export { readTextBody } from "@/lib/http/read-text-body";
