package io.github.agentstrace.otlp;

import java.util.List;

/**
 * One OTLP attribute. {@code value} is a {@link String}, {@link Boolean}, {@link Long}, {@link Double} or a
 * {@link List} of those (an OTLP array); anything structured has already become JSON text.
 */
record KeyValue(String key, Object value) {
}
