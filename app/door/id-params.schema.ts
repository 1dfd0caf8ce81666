import { z } from "zod";

/** `[id]` in a route's path: every id of ours is a UUID, so anything else is refused before a lookup. */
export const IdParamsSchema = z.object({ id: z.uuid({ message: "must be an id" }) });
