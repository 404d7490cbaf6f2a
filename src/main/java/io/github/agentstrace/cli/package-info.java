/**
 * The command line: {@link io.github.agentstrace.cli.Main} dispatches to one small class per subcommand (listed in
 * {@code Commands}), parses arguments by hand, and maps failures to the exit codes of {@code ExitCode}: 0 ok, 1 a
 * data error (one line), 2 a usage error (one line and a pointer to {@code --help}), 3 an internal error. Nothing
 * else in the code base imports this package, and it holds no logic another entry point would need.
 */
package io.github.agentstrace.cli;
