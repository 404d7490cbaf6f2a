/**
 * Agents' transcripts (Claude Code's JSONL) turned into trace events: LLM turns with their model and exact
 * token usage, read incrementally by hooks at each stop, or whole by {@code import}. Tokens are read, never
 * guessed.
 */
package io.github.agentstrace.transcript;
