package io.github.agentstrace.guard;

import io.github.agentstrace.model.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An {@link Audit} as a SARIF 2.1.0 log, the format GitHub code scanning (and most CI security views) read.
 * Violations are {@code error} results, sensitive-file flags {@code warning}s; every {@link Rule} is a rule
 * of the driver, so a result's {@code ruleId} is the policy key that states it.
 *
 * <p>Each result points where a reviewer can look: the repository file the call touched, when it lies in
 * the repository the audit ran in (code scanning shows the alert on that file), and always the line of the
 * call in the session's {@code events.ndjson} (the primary location when no repository file is involved, a
 * related one otherwise). URIs inside the repository are relative to {@code %SRCROOT%}; others are absolute
 * {@code file:} URIs. A partial fingerprint of session, event, rule and target keeps an alert the same
 * alert across runs.
 */
public final class Sarif {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String VERSION = "2.1.0";
    static final String SRCROOT = "%SRCROOT%";
    private static final String INFO_URI = "https://github.com/agentstrace/agent-strace";

    private Sarif() {
    }

    /**
     * The SARIF log of an audit.
     *
     * @param toolVersion agent-strace's version
     * @param repoRoot    the repository (the directory the audit ran in): relative URIs start there
     * @param eventsFile  a session's events file
     * @param lines       the line numbers in a session's events file of the given event numbers
     */
    public static Map<String, Object> of(Audit audit, String toolVersion, Path repoRoot,
                                         Function<String, Path> eventsFile,
                                         BiFunction<String, Set<Long>, Map<Long, Long>> lines) {
        Path repo = repoRoot.toAbsolutePath().normalize();
        Map<String, Set<Long>> wanted = new LinkedHashMap<>();
        for (List<Audit.Entry> list : List.of(audit.violations(), audit.flags())) {
            for (Audit.Entry e : list) {
                wanted.computeIfAbsent(e.sessionId(), k -> new HashSet<>()).add(e.event());
            }
        }
        Map<String, Map<Long, Long>> lineOf = new HashMap<>();
        wanted.forEach((id, events) -> lineOf.put(id, lines.apply(id, events)));

        List<Object> results = new ArrayList<>();
        for (List<Audit.Entry> list : List.of(audit.violations(), audit.flags())) {
            for (Audit.Entry e : list) {
                long line = lineOf.getOrDefault(e.sessionId(), Map.of()).getOrDefault(e.event(), e.event());
                results.add(result(e, repo, eventsFile.apply(e.sessionId()), line));
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "agent-strace");
        driver.put("version", toolVersion);
        driver.put("informationUri", INFO_URI);
        List<Object> rules = new ArrayList<>();
        for (Rule r : Rule.values()) {
            rules.add(rule(r));
        }
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        Map<String, Object> base = new LinkedHashMap<>();
        String repoUri = repo.toUri().toString();
        base.put("uri", repoUri.endsWith("/") ? repoUri : repoUri + "/");
        run.put("originalUriBaseIds", Map.of(SRCROOT, base));
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("executionSuccessful", true);
        run.put("invocations", List.of(invocation));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", VERSION);
        log.put("runs", List.of(run));
        return log;
    }

    private static Map<String, Object> rule(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", camel(r.id()));
        m.put("shortDescription", Map.of("text", r.title()));
        m.put("fullDescription", Map.of("text", r.help()));
        m.put("help", Map.of("text", r.help() + " See docs/guard.md for the policy file."));
        m.put("defaultConfiguration", Map.of("level", level(r, true)));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tags", List.of("security", "agent"));
        m.put("properties", props);
        return m;
    }

    private static String level(Rule r, boolean blocking) {
        return r == Rule.SENSITIVE && !blocking ? "warning" : "error";
    }

    private static Map<String, Object> result(Audit.Entry e, Path repo, Path events, long line) {
        Finding f = e.finding();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", f.rule().id());
        m.put("ruleIndex", f.rule().ordinal());
        m.put("level", level(f.rule(), f.blocking()));
        m.put("message", Map.of("text", f.message() + " (" + e.tool() + " call, event #" + e.event() + " of session "
                + e.sessionId() + (e.blocked() ? "; blocked at the call" : "") + ")"));
        Map<String, Object> trace = location(events, repo, line);
        Path touched = touchedFile(e, repo);
        if (touched != null) {
            m.put("locations", List.of(location(touched, repo, 1)));
            Map<String, Object> related = new LinkedHashMap<>(trace);
            related.put("id", 1);
            related.put("message", Map.of("text", "the call in the session's events"));
            m.put("relatedLocations", List.of(related));
        } else {
            m.put("locations", List.of(trace));
        }
        m.put("partialFingerprints", Map.of("agentStraceFinding/v1", Long.toHexString(Ids.hash64(
                e.sessionId() + "\u0000" + e.event() + "\u0000" + f.rule().id() + "\u0000" + f.target()))));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("session_id", e.sessionId());
        props.put("event", e.event());
        props.put("tool", e.tool());
        props.put("target", f.target());
        if (f.pattern() != null) {
            props.put("pattern", f.pattern());
        }
        props.put("blocked", e.blocked());
        m.put("properties", props);
        return m;
    }

    /** The repository file a finding is about, or null when it concerns no file inside the repository. */
    private static Path touchedFile(Audit.Entry e, Path repo) {
        Rule r = e.finding().rule();
        boolean file = r == Rule.FILES_READ_DENY || r == Rule.FILES_READ_ALLOW || r == Rule.FILES_WRITE_DENY
                || r == Rule.FILES_WRITE_ALLOW || r == Rule.SENSITIVE;
        String target = e.finding().target();
        if (!file || target == null) {
            return null;
        }
        Path p;
        if (target.startsWith("/")) {
            p = Path.of(target);
        } else if (e.root() != null) {
            p = Path.of(e.root()).resolve(target);
        } else {
            return null;
        }
        p = p.toAbsolutePath().normalize();
        return p.startsWith(repo) && !p.equals(repo) ? p : null;
    }

    private static Map<String, Object> location(Path file, Path repo, long line) {
        Path abs = file.toAbsolutePath().normalize();
        Map<String, Object> artifact = new LinkedHashMap<>();
        if (abs.startsWith(repo)) {
            artifact.put("uri", repo.relativize(abs).toString().replace('\\', '/'));
            artifact.put("uriBaseId", SRCROOT);
        } else {
            artifact.put("uri", abs.toUri().toString());
        }
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", artifact);
        physical.put("region", Map.of("startLine", Math.max(1, line)));
        return new LinkedHashMap<>(Map.of("physicalLocation", physical));
    }

    /** {@code files.read.deny} as {@code FilesReadDeny}. */
    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : id.toCharArray()) {
            if (c == '.' || c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
