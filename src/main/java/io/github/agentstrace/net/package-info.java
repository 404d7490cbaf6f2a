/**
 * What every local server shares ({@code serve}, {@code receive}, {@code mcp --http}, {@code record-http} and the
 * resident hook recorder): binding, the one {@code Host} rule against DNS rebinding, and how a bound address is
 * written in a URL. Each server keeps its own refusal (status and wording); the rule is decided here only.
 */
package io.github.agentstrace.net;
