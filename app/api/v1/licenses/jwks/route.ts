import { defineRoute } from "@/app/door";
import { getLicenseJwks } from "@/services/license";

export const dynamic = "force-dynamic";

/** The public keys that verify license certificates, including retired ones still in use. */
export const GET = defineRoute({
  access: "public",
  limit: "licenses",
  headers: { "cache-control": "public, max-age=300" },
  handle: () => getLicenseJwks(),
});
