/**
 * Inbound webhooks ({@code POST /webhooks/{source}}, DESIGN §6): requests from GitHub, Stripe,
 * Slack, Standard Webhooks senders, Shopify, Twilio and generic senders are verified with the
 * provider's own signature scheme, turned into events and de-duplicated on the provider's delivery
 * id by the store.
 *
 * <p>The HTTP route builds an {@link dev.hookline.server.inbound.InboundRequest}, calls {@link
 * dev.hookline.server.inbound.InboundWebhooks#receive} and writes the {@link
 * dev.hookline.server.inbound.InboundResponse}; {@link
 * dev.hookline.server.inbound.InboundWebhooks#recent} feeds the dashboard's inbound log. One
 * package-private class per provider ({@code GitHubProvider}, {@code StripeProvider}, ...) reads
 * its requests; {@code Source} says how each is verified. See {@code docs/inbound.md}.
 */
package dev.hookline.server.inbound;
