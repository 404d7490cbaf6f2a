package io.github.agentstrace.hook;

import io.github.agentstrace.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code hooks} block agent-strace registers in Claude Code's settings, and its merge into (and
 * removal from) an existing settings object.
 *
 * <p>Our handlers are recognised by their command: an executable named {@code agent-strace} (or the
 * configured one), optionally after {@code VAR=value} assignments, followed by {@code hook}; or, for http
 * hooks ({@code --resident}), by their URL: {@code http://127.0.0.1:<port>/agent-strace/hook}. Installing
 * removes ours and appends fresh ones, so it is idempotent and updates old flags; everything else in the
 * file — other settings, other hooks, their order — is kept as it was.
 */
public final class ClaudeSettings {
    /** Events with a tool-name matcher get {@code "matcher": ""} (all tools), as the original writes. */
    private static final List<HookEvent> REGISTERED = List.of(
            HookEvent.USER_PROMPT, HookEvent.PRE_TOOL, HookEvent.POST_TOOL, HookEvent.POST_TOOL_FAILURE,
            HookEvent.STOP, HookEvent.SESSION_START, HookEvent.SESSION_END, HookEvent.PERMISSION_DENIED,
            HookEvent.STOP_FAILURE, HookEvent.SUBAGENT_START, HookEvent.SUBAGENT_STOP, HookEvent.NOTIFICATION,
            HookEvent.PRE_COMPACT, HookEvent.POST_COMPACT);

    /**
     * How the hooks are written.
     *
     * @param executable     the program, {@code agent-strace} (on PATH) or an absolute path
     * @param noRedact       add {@code --no-redact} to every command
     * @param async          register every hook but SessionEnd with {@code "async": true}
     * @param timeoutSeconds the {@code timeout} of every handler (SessionEnd's bounds Claude Code's exit)
     * @param traceDir       an explicit {@code --trace-dir} for every command, or null
     * @param residentPort   0: every event is a command hook; else the port of the resident recorder, to
     *                       which every event but SessionStart, UserPromptSubmit and SessionEnd is POSTed
     *                       ({@code "type": "http"}), those three staying command hooks that keep it running;
     *                       SessionStart is then synchronous, so the session's first POST finds the recorder
     *                       and the session's route ({@link RecorderRoutes}) in place
     * @param enforce        PreToolUse is a synchronous command hook with {@code --enforce} (also with a resident
     *                       recorder): Claude Code waits for its decision before the call runs
     */
    public record Options(String executable, boolean noRedact, boolean async, int timeoutSeconds, String traceDir,
                          int residentPort, boolean enforce) {
        public static final String DEFAULT_EXECUTABLE = "agent-strace";
        public static final int DEFAULT_TIMEOUT_SECONDS = 10;

        /** Hooks that record only. */
        public Options(String executable, boolean noRedact, boolean async, int timeoutSeconds, String traceDir,
                       int residentPort) {
            this(executable, noRedact, async, timeoutSeconds, traceDir, residentPort, false);
        }

        /** Command hooks only. */
        public Options(String executable, boolean noRedact, boolean async, int timeoutSeconds, String traceDir) {
            this(executable, noRedact, async, timeoutSeconds, traceDir, 0);
        }
    }

    /** The result of a merge: the new settings object and how many of our handlers it removed. */
    public record Change(Map<String, Object> settings, int removed, int added) {
    }

    private ClaudeSettings() {
    }

    /** {@code {"hooks": {...}}}: what {@code setup} prints and installs. */
    public static Map<String, Object> hooksBlock(Options o) {
        Map<String, Object> hooks = new LinkedHashMap<>();
        for (HookEvent e : REGISTERED) {
            Map<String, Object> handler = new LinkedHashMap<>();
            if (posted(o, e)) {
                // http hooks are always waited for (no "async"): the recorder answers in milliseconds.
                handler.put("type", "http");
                handler.put("url", recorderUrl(o.residentPort()));
            } else {
                handler.put("type", "command");
                handler.put("command", command(o, e));
                if (o.async() && e != HookEvent.SESSION_END && !(o.residentPort() > 0 && e == HookEvent.SESSION_START)
                        && !enforced(o, e)) {
                    handler.put("async", true);
                }
            }
            handler.put("timeout", o.timeoutSeconds());
            Map<String, Object> group = new LinkedHashMap<>();
            if (hasToolMatcher(e)) {
                group.put("matcher", "");
            }
            List<Object> handlers = new ArrayList<>();
            handlers.add(handler);
            group.put("hooks", handlers);
            List<Object> groups = new ArrayList<>();
            groups.add(group);
            hooks.put(e.claudeName(), groups);
        }
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("hooks", hooks);
        return block;
    }

    /**
     * Whether an event is POSTed to the resident recorder. SessionStart and UserPromptSubmit stay command hooks
     * because they start the recorder when it is not running; SessionEnd because it closes the session (reads
     * the transcript, may start an export with the session's environment) even when the recorder is gone.
     */
    static boolean posted(Options o, HookEvent e) {
        return o.residentPort() > 0 && e != HookEvent.SESSION_START && e != HookEvent.USER_PROMPT
                && e != HookEvent.SESSION_END && !enforced(o, e);
    }

    /** Whether an event's hook decides ({@code --enforce}): only PreToolUse, and only with {@link Options#enforce}. */
    private static boolean enforced(Options o, HookEvent e) {
        return o.enforce() && e == HookEvent.PRE_TOOL;
    }

    /** {@code http://127.0.0.1:<port>/agent-strace/hook}. */
    public static String recorderUrl(int port) {
        return "http://127.0.0.1:" + port + ResidentRecorder.HOOK_PATH;
    }

    private static boolean hasToolMatcher(HookEvent e) {
        return e == HookEvent.PRE_TOOL || e == HookEvent.POST_TOOL || e == HookEvent.POST_TOOL_FAILURE
                || e == HookEvent.PERMISSION_DENIED;
    }

    static String command(Options o, HookEvent e) {
        return command(o, null, e.cliName(), e);
    }

    /** The hook command for an agent ({@code --agent}; null: Claude Code) and an event name it sends. */
    static String command(Options o, String agent, String event) {
        return command(o, agent, event, null);
    }

    /** {@code e}: the Claude Code event, whose PreToolUse may be enforced; null for another agent's. */
    private static String command(Options o, String agent, String event, HookEvent e) {
        StringBuilder sb = new StringBuilder(shellQuote(o.executable())).append(" hook ");
        if (agent != null) {
            sb.append("--agent ").append(agent).append(' ');
        }
        sb.append(event);
        if (o.noRedact()) {
            sb.append(" --no-redact");
        }
        if (o.traceDir() != null) {
            sb.append(" --trace-dir ").append(shellQuote(o.traceDir()));
        }
        if (o.residentPort() > 0 && !enforced(o, e)) {
            sb.append(" --recorder ").append(o.residentPort());
        }
        if (enforced(o, e)) {
            sb.append(" --enforce");
        }
        return sb.toString();
    }

    /** A word for a POSIX shell: as is when plain, else single-quoted. */
    static String shellQuote(String s) {
        boolean plain = !s.isEmpty();
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/._-+:=@%,".indexOf(c) >= 0;
        }
        return plain ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Settings with our hooks installed: our old handlers removed, the new ones appended per event.
     *
     * @throws IllegalArgumentException when {@code hooks} (or an event's entry) has a shape we cannot merge into
     */
    public static Change install(Map<String, Object> settings, Options o) {
        return install(settings, o, Json.asObject(hooksBlock(o).get("hooks")));
    }

    /**
     * Settings with the given handlers ({@code ours}: event → list) installed after ours are removed: the
     * merge for every agent whose file keeps its handlers in lists per event (Claude Code, Codex and Gemini
     * CLI: lists of matcher groups; Copilot CLI and Cursor: lists of handlers).
     */
    static Change install(Map<String, Object> settings, Options o, Map<String, Object> ours) {
        Change cleared = uninstall(settings, o);
        Map<String, Object> out = cleared.settings();
        Map<String, Object> hooks = out.get("hooks") instanceof Map<?, ?> h
                ? copyObject(h) : new LinkedHashMap<>();
        int added = 0;
        for (Map.Entry<String, Object> e : ours.entrySet()) {
            Object existing = hooks.get(e.getKey());
            if (existing != null && !(existing instanceof List<?>)) {
                throw new IllegalArgumentException("\"hooks\"." + e.getKey() + " is not an array");
            }
            List<Object> groups = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
            groups.addAll(Json.asArray(e.getValue()));
            hooks.put(e.getKey(), groups);
            added++;
        }
        out.put("hooks", hooks);
        return new Change(out, cleared.removed(), added);
    }

    /** Settings without any agent-strace handler; groups and events left empty by that are dropped. */
    public static Change uninstall(Map<String, Object> settings, Options o) {
        Map<String, Object> out = copyObject(settings);
        Object rawHooks = out.get("hooks");
        if (rawHooks == null) {
            return new Change(out, 0, 0);
        }
        if (!(rawHooks instanceof Map<?, ?> hooksIn)) {
            throw new IllegalArgumentException("\"hooks\" is not an object");
        }
        Map<String, Object> hooks = copyObject(hooksIn);
        int removed = 0;
        for (Map.Entry<String, Object> e : new ArrayList<>(hooks.entrySet())) {
            if (!(e.getValue() instanceof List<?> groups)) {
                continue; // not ours to judge: leave any shape we do not understand as it is
            }
            List<Object> keptGroups = new ArrayList<>();
            int removedHere = 0;
            for (Object g : groups) {
                if (!(g instanceof Map<?, ?> groupIn) || !(groupIn.get("hooks") instanceof List<?> handlers)) {
                    // Copilot CLI and Cursor list handlers directly under the event
                    if (isOurs(g, o)) {
                        removedHere++;
                    } else {
                        keptGroups.add(g);
                    }
                    continue;
                }
                List<Object> keptHandlers = new ArrayList<>();
                for (Object h : handlers) {
                    if (isOurs(h, o)) {
                        removedHere++;
                    } else {
                        keptHandlers.add(h);
                    }
                }
                if (keptHandlers.size() == handlers.size()) {
                    keptGroups.add(g);
                } else if (!keptHandlers.isEmpty()) {
                    Map<String, Object> group = copyObject(groupIn);
                    group.put("hooks", keptHandlers);
                    keptGroups.add(group);
                }
            }
            if (removedHere > 0) {
                removed += removedHere;
                if (keptGroups.isEmpty()) {
                    hooks.remove(e.getKey());
                } else {
                    hooks.put(e.getKey(), keptGroups);
                }
            }
        }
        if (removed > 0 && hooks.isEmpty()) {
            out.remove("hooks");
        } else {
            out.put("hooks", hooks);
        }
        return new Change(out, removed, 0);
    }

    /**
     * Whether a handler is ours: a command running agent-strace's hook (shell form or exec form with args), or
     * an http hook POSTing to a resident recorder ({@code http://127.0.0.1:<any port>/agent-strace/hook}).
     */
    static boolean isOurs(Object handler, Options o) {
        if (handler instanceof Map<?, ?> h && "http".equals(h.get("type")) && h.get("url") instanceof String url) {
            return isRecorderUrl(url);
        }
        if (!(handler instanceof Map<?, ?> h)) {
            return false;
        }
        // Copilot CLI names the command "bash"
        Object raw = h.get("command") instanceof String ? h.get("command") : h.get("bash");
        if (!(raw instanceof String command)) {
            return false;
        }
        List<String> words = words(command);
        int i = 0;
        while (i < words.size() && isAssignment(words.get(i))) {
            i++;
        }
        if (i >= words.size() || !isOurProgram(words.get(i), o)) {
            return false;
        }
        if (i + 1 < words.size()) {
            return words.get(i + 1).equals("hook");
        }
        // exec form: {"command": "agent-strace", "args": ["hook", ...]}
        return h.get("args") instanceof List<?> args && !args.isEmpty() && "hook".equals(args.get(0));
    }

    private static boolean isRecorderUrl(String url) {
        String prefix = "http://127.0.0.1:";
        if (!url.startsWith(prefix) || !url.endsWith(ResidentRecorder.HOOK_PATH)) {
            return false;
        }
        String port = url.substring(prefix.length(), url.length() - ResidentRecorder.HOOK_PATH.length());
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isOurProgram(String word, Options o) {
        String base = word.substring(word.lastIndexOf('/') + 1);
        String configured = o.executable().substring(o.executable().lastIndexOf('/') + 1);
        return base.equals(Options.DEFAULT_EXECUTABLE) || base.equals(configured) || word.equals(o.executable());
    }

    private static boolean isAssignment(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        for (int i = 0; i < eq; i++) {
            char c = word.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** Splits a command line into words, honouring quotes and backslashes (enough to recognise ours). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\\' && i + 1 < command.length()) {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(command.charAt(++i));
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }

    private static Map<String, Object> copyObject(Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            copy.put(String.valueOf(e.getKey()), e.getValue());
        }
        return copy;
    }
}
