CREATE TABLE "revenue_daily" (
	"day" date NOT NULL,
	"provider" text NOT NULL,
	"product_id" uuid,
	"currency" char(3) NOT NULL,
	"environment" text NOT NULL,
	"kind" text NOT NULL,
	"count" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "revenue_daily_key" UNIQUE NULLS NOT DISTINCT("day","provider","product_id","currency","environment","kind"),
	CONSTRAINT "revenue_daily_kind_valid" CHECK ("revenue_daily"."kind" in ('payment', 'refund', 'dispute'))
);
--> statement-breakpoint
CREATE TABLE "revenue_deltas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revenue_deltas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"provider" text NOT NULL,
	"product_id" uuid,
	"currency" char(3) NOT NULL,
	"environment" text NOT NULL,
	"kind" text NOT NULL,
	"count" bigint NOT NULL,
	"amount_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revenue_settings" (
	"singleton" boolean DEFAULT true NOT NULL,
	"timezone" text NOT NULL,
	CONSTRAINT "revenue_settings_singleton_true" CHECK ("revenue_settings"."singleton")
);
--> statement-breakpoint
ALTER TABLE "revenue_daily" ADD CONSTRAINT "revenue_daily_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_deltas" ADD CONSTRAINT "revenue_deltas_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "revenue_settings_singleton_key" ON "revenue_settings" USING btree ("singleton");--> statement-breakpoint
-- The rollups' one definition of what a ledger row counts as, shared by the triggers and the rebuild:
-- a payment whose money came in (later refunded or disputed included), a dispute of one, a refund given.
CREATE FUNCTION "revenue_kinds"(kind text, status text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'payment' WHERE kind = 'payment' AND status IN ('succeeded', 'refunded', 'disputed')
  UNION ALL SELECT 'dispute' WHERE kind = 'payment' AND status = 'disputed'
  UNION ALL SELECT 'refund' WHERE kind = 'refund' AND status = 'succeeded'
$$;--> statement-breakpoint
CREATE FUNCTION "revenue_timezone"() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT "timezone" FROM "revenue_settings" LIMIT 1), 'UTC')
$$;--> statement-breakpoint
-- Appends what a statement changed, one delta per dimension, straight from its transition tables.
-- An UPDATE removes its old rows and adds its new ones, but only rows whose counted columns (or id)
-- changed: most updates of the ledger (a timestamp) cost a lookup and no delta.
CREATE FUNCTION "transactions_revenue_deltas"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text;
BEGIN
  -- A snapshot older than a rebuild could see the timezone it replaced: outside READ COMMITTED the
  -- row is locked, so such a writer fails to serialise (and retries) instead of misdating.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    SELECT "timezone" INTO tz FROM "revenue_settings" FOR SHARE;
  END IF;
  tz := coalesce(tz, "revenue_timezone"());
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "revenue_deltas" ("day", "provider", "product_id", "currency", "environment", "kind", "count", "amount_minor")
    SELECT (t."occurred_at" AT TIME ZONE tz)::date, t."provider", o."product_id", t."currency", t."environment",
           k.kind, count(*), sum(t."amount_minor")
      FROM new_rows t
     CROSS JOIN LATERAL "revenue_kinds"(t."kind", t."status") AS k(kind)
      LEFT JOIN "checkout_orders" o ON o."id" = t."checkout_order_id"
     GROUP BY 1, 2, 3, 4, 5, 6;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "revenue_deltas" ("day", "provider", "product_id", "currency", "environment", "kind", "count", "amount_minor")
    SELECT (t."occurred_at" AT TIME ZONE tz)::date, t."provider", o."product_id", t."currency", t."environment",
           k.kind, sum(t.sign), sum(t.sign * t."amount_minor")
      FROM (
        SELECT 1 AS sign, n."occurred_at", n."provider", n."checkout_order_id", n."currency", n."environment",
               n."kind", n."status", n."amount_minor"
          FROM new_rows n
         WHERE NOT EXISTS (
           SELECT 1 FROM old_rows p
            WHERE p."id" = n."id"
              AND (p."kind", p."status", p."amount_minor", p."currency", p."provider", p."environment",
                   p."occurred_at", p."checkout_order_id")
                  IS NOT DISTINCT FROM
                  (n."kind", n."status", n."amount_minor", n."currency", n."provider", n."environment",
                   n."occurred_at", n."checkout_order_id"))
        UNION ALL
        SELECT -1, p."occurred_at", p."provider", p."checkout_order_id", p."currency", p."environment",
               p."kind", p."status", p."amount_minor"
          FROM old_rows p
         WHERE NOT EXISTS (
           SELECT 1 FROM new_rows n
            WHERE n."id" = p."id"
              AND (p."kind", p."status", p."amount_minor", p."currency", p."provider", p."environment",
                   p."occurred_at", p."checkout_order_id")
                  IS NOT DISTINCT FROM
                  (n."kind", n."status", n."amount_minor", n."currency", n."provider", n."environment",
                   n."occurred_at", n."checkout_order_id"))
      ) t
     CROSS JOIN LATERAL "revenue_kinds"(t."kind", t."status") AS k(kind)
      LEFT JOIN "checkout_orders" o ON o."id" = t."checkout_order_id"
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(t.sign) <> 0 OR sum(t.sign * t."amount_minor") <> 0;
  ELSE
    INSERT INTO "revenue_deltas" ("day", "provider", "product_id", "currency", "environment", "kind", "count", "amount_minor")
    SELECT (t."occurred_at" AT TIME ZONE tz)::date, t."provider", o."product_id", t."currency", t."environment",
           k.kind, -count(*), -sum(t."amount_minor")
      FROM old_rows t
     CROSS JOIN LATERAL "revenue_kinds"(t."kind", t."status") AS k(kind)
      LEFT JOIN "checkout_orders" o ON o."id" = t."checkout_order_id"
     GROUP BY 1, 2, 3, 4, 5, 6;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "transactions_revenue_on_insert" AFTER INSERT ON "transactions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "transactions_revenue_deltas"();--> statement-breakpoint
CREATE TRIGGER "transactions_revenue_on_update" AFTER UPDATE ON "transactions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "transactions_revenue_deltas"();--> statement-breakpoint
CREATE TRIGGER "transactions_revenue_on_delete" AFTER DELETE ON "transactions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "transactions_revenue_deltas"();
