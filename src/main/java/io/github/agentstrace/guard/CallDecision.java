package io.github.agentstrace.guard;

import io.github.agentstrace.model.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy's verdict on one call about to be made, for the two places that enforce it: the PreToolUse
 * hook ({@code hook pre-tool --enforce}) and the stdio proxy ({@code record --policy}). A call is denied when
 * a finding blocks it; the reason names the policy file and every rule it breaks, in words the agent's
 * model reads and can act on.
 *
 * <p>{@link #denial} is what the session records: the fields an {@code error} event answering the call
 * carries ({@code denied_by: "policy"}, {@code error_type: "policy_denied"}, the text under
 * {@code textKey}, and {@code policy} with the file, the first rule and every finding), documented in
 * {@code docs/format.md}.
 *
 * @param findings every finding of the call (flags included)
 * @param reason   why it is denied, or null when it is not
 * @param source   the policy file
 */
public record CallDecision(List<Finding> findings, String reason, String source) {
    /**
     * Characters of a reason kept before the cut marker: Claude Code caps hook output strings at 10,000
     * characters, and the model needs the rule more than all of a long command.
     */
    static final int MAX_REASON = 4000;

    public CallDecision {
        findings = List.copyOf(findings);
    }

    /** The verdict of these findings under a policy read from {@code source}. */
    public static CallDecision of(List<Finding> findings, String source) {
        List<String> why = new ArrayList<>();
        for (Finding f : findings) {
            if (f.blocking()) {
                why.add(f.message());
            }
        }
        String reason = why.isEmpty() ? null : Texts.cut("agent-strace policy" + (source.isEmpty() ? "" : " (" + source
                + ")") + " denies this call: it " + String.join("; it ", why) + ".", MAX_REASON);
        return new CallDecision(findings, reason, source);
    }

    public boolean denied() {
        return reason != null;
    }

    /** The first finding that blocks the call, or null. */
    public Finding first() {
        for (Finding f : findings) {
            if (f.blocking()) {
                return f;
            }
        }
        return null;
    }

    /**
     * The fields of the recorded denial: {@code textKey} is where the capture path keeps an error's text
     * ({@code error} for hooks, {@code message} for the MCP proxy).
     */
    public Map<String, Object> denial(String textKey) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(textKey, reason);
        d.put("error_type", "policy_denied");
        d.put("denied_by", "policy");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("file", source);
        Finding first = first();
        p.put("rule", first.rule().id());
        if (first.pattern() != null) {
            p.put("pattern", first.pattern());
        }
        p.put("target", first.target());
        List<Object> all = new ArrayList<>();
        for (Finding f : findings) {
            if (f.blocking()) {
                all.add(f.toJson());
            }
        }
        p.put("findings", all);
        d.put("policy", p);
        return d;
    }
}
