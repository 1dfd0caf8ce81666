CREATE TABLE "payment_mismatches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_event_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"checkout_order_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"provider_subscription_id" text,
	"paid_through" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_mismatches_reason_valid" CHECK ("payment_mismatches"."reason" in ('provider_mismatch', 'environment_mismatch', 'product_mismatch', 'currency_mismatch', 'amount_mismatch', 'order_already_paid', 'order_not_payable', 'subscription_held')),
	CONSTRAINT "payment_mismatches_status_valid" CHECK ("payment_mismatches"."status" in ('open', 'accepted', 'refunded'))
);
--> statement-breakpoint
ALTER TABLE "checkout_orders" ADD COLUMN "environment" text;--> statement-breakpoint
-- Orders so far, by what is known of each, first to last: the money that paid it; the simulated
-- provider (test); Stripe's session id (cs_test_, cs_live_); the money its provider took last here;
-- else live (a payment of the other kind is then held for the owner, never licensed).
UPDATE "checkout_orders" o SET "environment" = coalesce(
  (SELECT t."environment" FROM "transactions" t WHERE t."checkout_order_id" = o."id" ORDER BY t."occurred_at" DESC LIMIT 1),
  CASE WHEN o."provider" = 'simulated' OR o."provider_checkout_id" LIKE 'cs\_test\_%' THEN 'test'
       WHEN o."provider_checkout_id" LIKE 'cs\_live\_%' THEN 'live' END,
  (SELECT t."environment" FROM "transactions" t WHERE t."provider" = o."provider" ORDER BY t."occurred_at" DESC LIMIT 1),
  'live');--> statement-breakpoint
ALTER TABLE "checkout_orders" ALTER COLUMN "environment" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "environment" text;--> statement-breakpoint
-- A license is as live as the order that issued it; one issued without an order, live.
UPDATE "licenses" l SET "environment" = coalesce(
  (SELECT o."environment" FROM "checkout_orders" o WHERE o."id" = l."checkout_order_id"), 'live');--> statement-breakpoint
ALTER TABLE "licenses" ALTER COLUMN "environment" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_mismatches" ADD CONSTRAINT "payment_mismatches_webhook_event_id_webhook_events_id_fk" FOREIGN KEY ("webhook_event_id") REFERENCES "public"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_mismatches" ADD CONSTRAINT "payment_mismatches_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_mismatches" ADD CONSTRAINT "payment_mismatches_checkout_order_id_checkout_orders_id_fk" FOREIGN KEY ("checkout_order_id") REFERENCES "public"."checkout_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_mismatches_transaction_key" ON "payment_mismatches" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "payment_mismatches_status_idx" ON "payment_mismatches" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payment_mismatches_checkout_order_idx" ON "payment_mismatches" USING btree ("checkout_order_id");--> statement-breakpoint
ALTER TABLE "checkout_orders" ADD CONSTRAINT "checkout_orders_environment_valid" CHECK ("checkout_orders"."environment" in ('live', 'test'));--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_environment_valid" CHECK ("licenses"."environment" in ('live', 'test'));