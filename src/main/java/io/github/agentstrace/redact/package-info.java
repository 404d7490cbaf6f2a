/**
 * Secret redaction applied once, before anything reaches disk: detectors for current key formats, sensitive
 * key names in any spelling, PEM blocks, credentials in URLs and connection strings, optional PII masking, and
 * the user's own patterns and allow-list. Typed markers say what was there. No capture path bypasses it.
 */
package io.github.agentstrace.redact;
