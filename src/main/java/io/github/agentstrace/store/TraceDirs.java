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
        String chosen = flag != null && !flag.isEmpty() ? flag : env.getOrDefault(ENV, "");
        return cwd.resolve(chosen.isEmpty() ? DEFAULT : chosen).normalize();
    }
}
