/**
 * The terminal: the colour policy ({@code --color}, {@code NO_COLOR}, {@code FORCE_COLOR}), the width and the
 * visible width of text, styled lines cut to fit, tables that shrink and drop columns to fit, wrapped
 * paragraphs, plurals and units. Knows nothing of events.
 */
package io.github.agentstrace.term;
