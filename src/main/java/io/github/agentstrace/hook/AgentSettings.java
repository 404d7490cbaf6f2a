package io.github.agentstrace.hook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hooks agent-strace registers with a coding agent other than Claude Code ({@code setup --agent}), each
 * in the agent's own file and shape, and their merge into (and removal from) that file. Every handler runs
 * {@code agent-strace hook --agent <agent> <the agent's event name>}; ours are recognised and replaced as in
 * {@link ClaudeSettings}, so installing twice changes nothing and everything else in the file is kept.
 *
 * <pre>
 * codex    .codex/hooks.json            {"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": …, "timeout": s}]}]}}
 * gemini   .gemini/settings.json        {"hooks": {"BeforeTool": [{"hooks": [{"name": …, "type": "command", "command": …, "timeout": ms}]}]}}
 * copilot  .github/hooks/agent-strace.json  {"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash": …, "timeoutSec": s}]}}
 * cursor   .cursor/hooks.json           {"version": 1, "hooks": {"preToolUse": [{"command": …, "timeout": s}]}}
 * </pre>
 * Global files: {@code ~/.codex/hooks.json} ({@code $CODEX_HOME}), {@code ~/.gemini/settings.json},
 * {@code ~/.copilot/hooks/agent-strace.json}, {@code ~/.cursor/hooks.json}.
 */
public final class AgentSettings {
    private final String flag;
    private final List<String> events;
    private final boolean grouped;

    private AgentSettings(String flag, boolean grouped, String... events) {
        this.flag = flag;
        this.grouped = grouped;
        this.events = List.of(events);
    }

    /** The settings of the agent named as {@code hook --agent} accepts it, or null for one we do not know. */
    public static AgentSettings of(String name) {
        AgentHooks agent = AgentHooks.named(name);
        if (agent == null) {
            return null;
        }
        switch (agent.name()) {
            case "codex" -> {
                return new AgentSettings("codex", true, "SessionStart", "UserPromptSubmit", "PreToolUse",
                        "PostToolUse", "Stop", "StopFailure", "SubagentStart", "SubagentStop", "PreCompact",
                        "PostCompact");
            }
            case "gemini" -> {
                return new AgentSettings("gemini", true, "SessionStart", "BeforeAgent", "BeforeTool", "AfterTool",
                        "AfterAgent", "PreCompress", "Notification", "SessionEnd");
            }
            case "copilot" -> {
                return new AgentSettings("copilot", false, "sessionStart", "userPromptSubmitted", "preToolUse",
                        "postToolUse", "postToolUseFailure", "agentStop", "errorOccurred", "preCompact",
                        "sessionEnd");
            }
            default -> {
                return new AgentSettings("cursor", false, "sessionStart", "beforeSubmitPrompt", "preToolUse",
                        "postToolUse", "postToolUseFailure", "afterAgentResponse", "stop", "preCompact",
                        "sessionEnd");
            }
        }
    }

    /** The agent's short name: codex, gemini, copilot, cursor. */
    public String agent() {
        return flag;
    }

    /** The agent's product name, for messages. */
    public String displayName() {
        return switch (flag) {
            case "codex" -> "Codex CLI";
            case "gemini" -> "Gemini CLI";
            case "copilot" -> "GitHub Copilot CLI";
            default -> "Cursor";
        };
    }

    /** The file the hooks go in: the project's under {@code project}, or the user's under {@code home}. */
    public Path file(Path project, Path home, Map<String, String> env, boolean global) {
        switch (flag) {
            case "codex" -> {
                String codexHome = env.get("CODEX_HOME");
                Path dir = global ? (codexHome != null && !codexHome.isEmpty() ? Path.of(codexHome) : home.resolve(".codex"))
                        : project.resolve(".codex");
                return dir.resolve("hooks.json");
            }
            case "gemini" -> {
                return (global ? home : project).resolve(".gemini").resolve("settings.json");
            }
            case "copilot" -> {
                Path dir = global ? home.resolve(".copilot").resolve("hooks") : project.resolve(".github").resolve("hooks");
                return dir.resolve("agent-strace.json");
            }
            default -> {
                return (global ? home : project).resolve(".cursor").resolve("hooks.json");
            }
        }
    }

    /** What a person must do besides installing the file so the agent runs the hooks, one line each. */
    public List<String> enableNotes(boolean global) {
        List<String> notes = new ArrayList<>();
        switch (flag) {
            case "codex" -> {
                notes.add("Codex runs a new or changed hook only after you trust it: start codex here and review"
                        + " the hooks with /hooks (untrusted hooks are skipped without a word).");
                if (!global) {
                    notes.add("A project's .codex/hooks.json loads only in a trusted project: trust the folder when"
                            + " Codex asks, or add [projects.\"<this folder>\"] trust_level = \"trusted\" to"
                            + " ~/.codex/config.toml.");
                }
                notes.add("Hooks are on by default in current Codex; older versions need [features] hooks = true"
                        + " (formerly codex_hooks) in config.toml.");
            }
            case "gemini" -> {
                notes.add("Gemini CLI runs hooks unless hooksConfig.enabled is false; /hooks panel lists them.");
                if (!global) {
                    notes.add("With folder trust on (security.folderTrust.enabled), project settings load only in a"
                            + " trusted folder: trust it when Gemini CLI asks.");
                }
            }
            case "copilot" -> notes.add(global
                    ? "Copilot CLI loads ~/.copilot/hooks/*.json at start: restart running sessions."
                    : "Copilot CLI loads .github/hooks/*.json from the directory it starts in, once that folder is"
                            + " trusted (it asks; COPILOT_ALLOW_ALL=true trusts it too): start copilot here.");
            default -> notes.add("Cursor reloads hooks.json when it changes; Settings > Hooks shows whether they ran.");
        }
        return notes;
    }

    /** The file's hooks block as printed: {@code {"hooks": …}}, with {@code "version": 1} where the agent wants it. */
    public Map<String, Object> hooksBlock(ClaudeSettings.Options o) {
        Map<String, Object> block = new LinkedHashMap<>();
        if (!grouped) {
            block.put("version", 1);
        }
        block.put("hooks", handlers(o));
        return block;
    }

    private Map<String, Object> handlers(ClaudeSettings.Options o) {
        Map<String, Object> hooks = new LinkedHashMap<>();
        for (String event : events) {
            String command = ClaudeSettings.command(o, flag, event);
            Map<String, Object> handler = new LinkedHashMap<>();
            switch (flag) {
                case "gemini" -> {
                    handler.put("name", "agent-strace");
                    handler.put("type", "command");
                    handler.put("command", command);
                    handler.put("timeout", o.timeoutSeconds() * 1000); // milliseconds
                }
                case "copilot" -> {
                    handler.put("type", "command");
                    handler.put("bash", command);
                    handler.put("timeoutSec", o.timeoutSeconds());
                }
                case "cursor" -> {
                    handler.put("command", command);
                    handler.put("timeout", o.timeoutSeconds());
                }
                default -> {
                    handler.put("type", "command");
                    handler.put("command", command);
                    handler.put("timeout", o.timeoutSeconds());
                }
            }
            List<Object> list = new ArrayList<>();
            if (grouped) {
                Map<String, Object> group = new LinkedHashMap<>();
                if (flag.equals("gemini") && event.equals("PreCompress")) {
                    // Gemini CLI fires PreCompress "auto" before every model call, when it only checks whether to
                    // compress; "manual" is /compress. A JVM per model call for nothing is not worth it.
                    group.put("matcher", "manual");
                }
                List<Object> inGroup = new ArrayList<>();
                inGroup.add(handler);
                group.put("hooks", inGroup);
                list.add(group);
            } else {
                list.add(handler);
            }
            hooks.put(event, list);
        }
        return hooks;
    }

    /**
     * The file's object with our hooks installed (ours replaced, everything else kept).
     *
     * @throws IllegalArgumentException when the file's {@code hooks} has a shape we cannot merge into
     */
    public ClaudeSettings.Change install(Map<String, Object> settings, ClaudeSettings.Options o) {
        ClaudeSettings.Change c = ClaudeSettings.install(settings, o, handlers(o));
        if (!grouped && !c.settings().containsKey("version")) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", 1);
            out.putAll(c.settings());
            return new ClaudeSettings.Change(out, c.removed(), c.added());
        }
        return c;
    }

    /** The file's object without any agent-strace hook. */
    public ClaudeSettings.Change uninstall(Map<String, Object> settings, ClaudeSettings.Options o) {
        return ClaudeSettings.uninstall(settings, o);
    }
}
