import { ensurePgliteTemplate } from "@/tests/support/pglite-template";

export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
}
