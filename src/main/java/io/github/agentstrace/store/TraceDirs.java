package io.github.agentstrace.store;

import java.nio.file.Path;
import java.util.Map;

/** Where traces live: {@code --trace-dir}, else {@code AGENT_TRACE_DIR}, else {@code ./.agent-traces}. */
public final class TraceDirs {
    public static final String ENV = "AGENT_TRACE_DIR";
    public static final String DEFAULT = ".agent-traces";

    private TraceDirs() {
    }

    public static Path resolve(String flag, Map<String, String> env, Path cwd) {
        return resolve(flag, env, cwd, cwd);
    }

    /**
     * As {@link #resolve(String, Map, Path)}, with {@code <base>/.agent-traces} as the default: hooks use
     * the Claude Code project directory, wherever the agent has moved its working directory.
     */
    public static Path resolve(String flag, Map<String, String> env, Path cwd, Path base) {
        String chosen = flag != null && !flag.isEmpty() ? flag : env.getOrDefault(ENV, "");
        return chosen.isEmpty() ? base.resolve(DEFAULT).normalize() : cwd.resolve(chosen).normalize();
    }
}
