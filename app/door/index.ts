export { defineAction } from "@/app/door/define-action";
export { defineRoute } from "@/app/door/define-route";
export { IdParamsSchema } from "@/app/door/id-params.schema";
export { enforceLicenseKeyLimit } from "@/app/door/rate-limits";
export { formFields, formText } from "@/app/door/form-fields";
export { runWithActionHeaders } from "@/app/door/action-headers";
export { endBrowserSession, findSignedInOwner, requireOwnerPage, startBrowserSession } from "@/app/door/owner-session";
export { readSessionToken } from "@/app/door/caller";
