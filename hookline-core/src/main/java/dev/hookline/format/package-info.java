/**
 * Native formats: each turns events into the request an integration expects (Slack, Microsoft
 * Teams, Discord, Jira, GitHub, Datadog, PagerDuty, e-mail) — URL conventions, authentication and
 * body — with defaults drawn from the event and the endpoint's template as an override. {@link
 * dev.hookline.format.Formats} is the entry point the delivery engine calls; one package-private
 * class per integration.
 */
package dev.hookline.format;
