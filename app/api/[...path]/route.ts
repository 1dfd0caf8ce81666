import { defineRoute } from "@/app/door";
import { AppError } from "@/lib/errors";

/** Any other address under /api answers as the API does (JSON naming the problem), not with a page. */
const notFound = defineRoute({
  access: "public",
  handle: () =>
    Promise.reject(new AppError("not_found", "No such endpoint", { userMessage: "There is no such endpoint." })),
});

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
