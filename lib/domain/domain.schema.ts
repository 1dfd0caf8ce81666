import { z } from "zod";
import { normalizeDomain } from "@/lib/domain/normalize-domain";

/** A host name, given in any accepted spelling, parsed to its canonical form (see `normalizeDomain`). */
export const DomainSchema = z
  .string()
  .max(300)
  .transform((value, ctx) => {
    const domain = normalizeDomain(value);
    if (domain === null) {
      ctx.addIssue({ code: "custom", message: "must be a host name such as example.com" });
      return z.NEVER;
    }
    return domain;
  });
