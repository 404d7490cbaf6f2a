/**
 * The price table: dated built-in prices per million tokens with the user's own merged over them, and the price of a
 * {@link io.github.agentstrace.model.Usage}. Reports of cost are built by the session model and {@code analysis};
 * nothing here reads events.
 */
package io.github.agentstrace.cost;
