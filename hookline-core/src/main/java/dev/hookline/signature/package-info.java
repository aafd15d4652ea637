/**
 * Webhook signatures: signing what Hookline sends and verifying what it receives.
 *
 * <p>One {@link dev.hookline.signature.SignatureConfig} names a {@link
 * dev.hookline.signature.SignatureScheme} and its secrets; {@link
 * dev.hookline.signature.Signer#of(SignatureConfig)} turns it into the headers a sender attaches,
 * {@link dev.hookline.signature.Verifier#of(SignatureConfig)} into a check of a received request
 * that answers with a {@link dev.hookline.signature.Verification} instead of throwing.
 *
 * <p>Schemes: Standard Webhooks v1 (HMAC-SHA256) and v1a (Ed25519), GitHub, a configurable hex
 * HMAC, Stripe, Slack, Shopify, Twilio, and {@code none}. Bad secrets are reported when the
 * configuration is built, with an {@link dev.hookline.signature.InvalidSecretException} whose
 * message names the problem and never contains the secret.
 */
package dev.hookline.signature;
