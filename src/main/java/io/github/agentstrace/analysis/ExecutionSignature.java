package io.github.agentstrace.analysis;

import io.github.agentstrace.session.Call;
import io.github.agentstrace.session.McpToolName;
import io.github.agentstrace.session.Subject;
import io.github.agentstrace.session.ToolKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What a session (or a phase) did, as a short sequence: its calls in call order, each named by its tool (MCP
 * tools as {@code server/tool}, shell calls as {@code Bash:<program>} with the program {@link Subject} finds,
 * e.g. {@code Bash:pytest} for {@code cd app && pytest -q}), with runs of the same name collapsed into one
 * token with a count ({@code Read×3}). Arguments other than a shell's program are left out, so that sessions
 * doing the same kind of work share a signature.
 *
 * @param tokens the collapsed tokens, in order ({@code Read×3}, {@code Edit}, {@code Bash:pytest×2})
 */
public record ExecutionSignature(List<String> tokens) {
    /** The separator of tokens in text. */
    public static final String ARROW = " → ";
    /** How a run's count is written after its name. */
    public static final String TIMES = "×";

    public ExecutionSignature {
        tokens = List.copyOf(tokens);
    }

    /** The name of one call in a signature. */
    public static String name(Call c) {
        Subject s = c.subject();
        if (s.mcpServer() != null && s.mcpTool() != null) {
            return s.mcpServer() + "/" + s.mcpTool();
        }
        if (s.kind() == ToolKind.SHELL && s.program() != null) {
            return c.tool() + ":" + s.program();
        }
        return McpToolName.display(c.tool());
    }

    /** The signature of call names in call order, runs collapsed. */
    public static ExecutionSignature of(List<String> names) {
        List<String> tokens = new ArrayList<>();
        String run = null;
        int count = 0;
        for (String n : names) {
            if (n.equals(run)) {
                count++;
                continue;
            }
            if (run != null) {
                tokens.add(token(run, count));
            }
            run = n;
            count = 1;
        }
        if (run != null) {
            tokens.add(token(run, count));
        }
        return new ExecutionSignature(tokens);
    }

    private static String token(String name, int count) {
        return count == 1 ? name : name + TIMES + count;
    }

    /** The name of a token without its count ({@code Read} for {@code Read×3}). */
    public static String nameOf(String token) {
        int at = token.lastIndexOf(TIMES);
        return at > 0 && token.substring(at + 1).chars().allMatch(Character::isDigit) ? token.substring(0, at) : token;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** The tokens joined by arrows; {@code (no calls)} when there are none. */
    public String text() {
        return tokens.isEmpty() ? "(no calls)" : String.join(ARROW, tokens);
    }

    /**
     * The edit distance (insertions, deletions, substitutions of whole tokens) to another signature, or
     * {@code max + 1} as soon as it is known to exceed {@code max}: only a band of width {@code 2 max + 1}
     * is computed.
     */
    public int distance(ExecutionSignature other, int max) {
        List<String> a = tokens;
        List<String> b = other.tokens;
        if (Math.abs(a.size() - b.size()) > max) {
            return max + 1;
        }
        int n = a.size();
        int m = b.size();
        int big = max + 1;
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j <= max ? j : big;
        }
        for (int i = 1; i <= n; i++) {
            int lo = Math.max(1, i - max);
            int hi = Math.min(m, i + max);
            java.util.Arrays.fill(cur, big);
            cur[0] = i <= max ? i : big;
            int best = cur[0];
            for (int j = lo; j <= hi; j++) {
                int sub = prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                int v = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
                cur[j] = Math.min(v, big);
                best = Math.min(best, cur[j]);
            }
            if (best > max) {
                return big;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], big);
    }

    /** The longest common prefix of signatures, token by token. */
    public static List<String> commonPrefix(List<ExecutionSignature> signatures) {
        if (signatures.isEmpty()) {
            return List.of();
        }
        List<String> prefix = signatures.get(0).tokens();
        int len = prefix.size();
        for (ExecutionSignature s : signatures.subList(1, signatures.size())) {
            int k = 0;
            while (k < len && k < s.tokens().size() && s.tokens().get(k).equals(prefix.get(k))) {
                k++;
            }
            len = k;
        }
        return List.copyOf(prefix.subList(0, len));
    }
}
