package io.github.agentstrace.guard;

import io.github.agentstrace.model.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A shell command line as the policy's command rules read it: the whole line, and the simple commands it
 * runs ({@code cd x && FOO=1 sudo /usr/bin/rm -rf y | tee z} runs {@code rm -rf y} and {@code tee z}). A
 * simple command is taken after its variable assignments, wrappers ({@code sudo}, {@code env}, {@code time},
 * {@code nohup}, {@code xargs}, ...) and keywords ({@code if}, {@code then}, {@code do}, ...), with its
 * program's directory dropped; parts that only set up the shell ({@code cd}, {@code export}, ...) run nothing. Quotes keep
 * separators inside them ({@code echo "a;b"} is one command); this is a reading for rules, not a shell.
 *
 * <p>Rule entries are matched case-insensitively, as the original did: a plain entry ({@code "uv run"}) is
 * a prefix that ends at a word boundary ({@code "curl"} matches {@code curl -s x}, not {@code curling});
 * an entry with wildcards ({@code "curl * | sh"}, {@code "*--force*"}) is a pattern over the whole line and
 * over each simple command. A deny entry that matches any of them denies; an allow list must allow every
 * simple command.
 */
final class ShellCommand {
    /** Words that run the command after them (their options are skipped too), and the shell's keywords. */
    private static final Set<String> WRAPPERS = Set.of("sudo", "doas", "env", "time", "nohup", "exec", "command",
            "nice", "xargs", "if", "then", "else", "elif", "do", "while", "until", "!", "{");
    private static final Set<String> SETUP_ONLY = Set.of("cd", "pushd", "popd", "export", "set", "unset", "true",
            "false", ":", "exit", "wait", "shopt", "alias", "umask", "fi", "done", "esac", "}");

    private final String line;
    private final List<String> parts;

    private ShellCommand(String line, List<String> parts) {
        this.line = line;
        this.parts = parts;
    }

    static ShellCommand of(String command) {
        String line = Texts.oneLine(command);
        List<String> parts = new ArrayList<>();
        for (String raw : split(command)) {
            String part = simple(raw);
            if (part != null) {
                parts.add(part);
            }
        }
        return new ShellCommand(line, List.copyOf(parts));
    }

    /** The command line on one line. */
    String line() {
        return line;
    }

    /** The simple commands it runs, normalised (program without its directory, wrappers dropped). */
    List<String> parts() {
        return parts;
    }

    /** The first simple command an entry matches, or the whole line; null when it matches nothing. */
    String matching(String entry) {
        boolean pattern = Glob.hasWildcards(entry);
        if (pattern && Glob.matchText(entry, line, true)) {
            return line;
        }
        for (String part : parts) {
            if (pattern ? Glob.matchText(entry, part, true) : prefix(entry, part)) {
                return part;
            }
        }
        return !pattern && prefix(entry, line) ? line : null;
    }

    /**
     * The first simple command no entry allows; null when every one is allowed. Entries are matched per
     * simple command, so an allowed {@code pytest} does not allow {@code pytest && npm publish}; only an
     * entry that itself holds a separator ({@code "make build | tee log"}) is matched against the whole line.
     */
    String notAllowed(List<String> entries) {
        for (String e : entries) {
            if (spansCommands(e) && (Glob.hasWildcards(e) ? Glob.matchText(e, line, true) : e.equalsIgnoreCase(line))) {
                return null;
            }
        }
        for (String part : parts) {
            boolean ok = false;
            for (String e : entries) {
                if (Glob.hasWildcards(e) ? Glob.matchText(e, part, true) : prefix(e, part)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return part;
            }
        }
        return null;
    }

    private static boolean spansCommands(String entry) {
        return entry.indexOf('|') >= 0 || entry.indexOf(';') >= 0 || entry.indexOf('&') >= 0;
    }

    /** {@code text} starts with {@code entry} (ignoring case and runs of spaces) at a word boundary. */
    static boolean prefix(String entry, String text) {
        String e = Texts.oneLine(entry);
        if (e.isEmpty() || text.length() < e.length() || !text.regionMatches(true, 0, e, 0, e.length())) {
            return false;
        }
        return text.length() == e.length() || Character.isWhitespace(text.charAt(e.length()))
                || Character.isWhitespace(e.charAt(e.length() - 1));
    }

    /** The raw simple commands: the line cut at ; & | newlines, parentheses and backticks outside quotes. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(c);
                    c = s.charAt(++i);
                }
                cur.append(c);
                continue;
            }
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ';' || c == '&' || c == '|' || c == '\n' || c == '\r' || c == '(' || c == ')'
                    || c == '`') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** One simple command without assignments and wrappers, its program's directory dropped; null: runs nothing. */
    private static String simple(String raw) {
        String[] words = Texts.oneLine(raw).split(" ");
        int i = 0;
        boolean afterWrapper = false;
        while (i < words.length) {
            String w = words[i];
            if (w.isEmpty() || isAssignment(w) || WRAPPERS.contains(w) || (afterWrapper && w.startsWith("-"))) {
                afterWrapper |= WRAPPERS.contains(w);
                i++;
                continue;
            }
            break;
        }
        if (i >= words.length) {
            return null;
        }
        String program = unquote(words[i]);
        int slash = program.lastIndexOf('/');
        if (slash >= 0 && slash < program.length() - 1) {
            program = program.substring(slash + 1);
        }
        if (SETUP_ONLY.contains(program)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(program);
        for (int k = i + 1; k < words.length; k++) {
            sb.append(' ').append(words[k]);
        }
        return sb.toString();
    }

    private static String unquote(String w) {
        return w.replace("\"", "").replace("'", "");
    }

    private static boolean isAssignment(String w) {
        int eq = w.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        for (int k = 0; k < eq; k++) {
            char c = w.charAt(k);
            if (!(c == '_' || Character.isLetter(c) || (k > 0 && Character.isDigit(c)))) {
                return false;
            }
        }
        return true;
    }
}
