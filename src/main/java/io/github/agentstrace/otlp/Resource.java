package io.github.agentstrace.otlp;

import java.util.List;

/** What every span of an export shares: the resource attributes and the instrumentation scope. */
record Resource(List<KeyValue> attributes, String scopeName, String scopeVersion) {
}
