/**
 * The one JSON codec: an RFC 8259 parser with a nesting limit and errors that name line, column and path, and a
 * writer (compact, pretty, ASCII-only, HTML-safe) that prints floats as Python does. Knows nothing of traces.
 */
package io.github.agentstrace.json;
