export { requestIp, resolveClientIp } from "@/lib/http/client-ip";
export { readJsonBody, refuseUnsafeText } from "@/lib/http/read-json-body";
export { readTextBody } from "@/lib/http/read-text-body";
export { findUnsafeText } from "@/lib/http/find-unsafe-text";
export { buildContentSecurityPolicy, NON_DOCUMENT_POLICY } from "@/lib/http/content-security-policy";
export { findMalformedActionCall, type ActionBody } from "@/lib/http/find-malformed-action-call";
export { SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";
export { rateLimitSubject } from "@/lib/http/rate-limit-subject";
export { findMalformedPath } from "@/lib/http/find-malformed-path";
