package io.github.agentstrace.otlp;

/**
 * Size caps of the mapping: characters per string attribute, attributes per span or event, and events on
 * a session's root span (prompts, responses, decisions, file access). What goes past a cap is counted in
 * the OTLP {@code dropped*Count} fields rather than silently lost.
 */
record Limits(int maxValueLength, int maxAttributes, int maxRootEvents) {
    /** 4096 characters, 128 attributes, 1000 root events. */
    static final Limits DEFAULT = new Limits(4096, 128, 1000);
}
