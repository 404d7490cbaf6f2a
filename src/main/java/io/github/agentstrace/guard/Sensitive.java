package io.github.agentstrace.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The paths that hold credentials or change what runs in CI, flagged whenever a call touches one, whatever
 * the policy allows: the original's list ({@code .env*}, {@code *.pem}, {@code *.key}, {@code .ssh/},
 * {@code id_rsa}, {@code .aws/credentials}, {@code .netrc}, {@code .npmrc}, {@code .pypirc},
 * {@code .github/workflows/}) and a few more of the same kind. Names are compared ignoring case (a
 * {@code .ENV} on a case-insensitive disk is the same file). A policy may add globs and ignore some
 * ({@code sensitive.add}, {@code sensitive.ignore}).
 */
final class Sensitive {
    /** The built-in globs, in the {@link Glob} syntax. */
    static final List<String> BUILT_IN = List.of(
            ".env*", "*.env",
            "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore",
            "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
            "**/.ssh/**", "**/.gnupg/**",
            "**/.aws/credentials", "**/.aws/config", "**/.config/gcloud/**", "**/.azure/**",
            "**/.kube/config", "**/.docker/config.json",
            ".netrc", "_netrc", ".npmrc", ".pypirc", ".git-credentials", ".pgpass",
            "**/.github/workflows/**", ".gitlab-ci.yml",
            "credentials.json", "secrets.json", "secrets.yml", "secrets.yaml");

    private final List<Glob> globs;
    private final List<Glob> ignore;

    private Sensitive(List<Glob> globs, List<Glob> ignore) {
        this.globs = globs;
        this.ignore = ignore;
    }

    /** The built-in list with a policy's additions and exceptions; {@code home} expands {@code ~/}. */
    static Sensitive of(Policy.Sensitivity settings, String home) {
        List<Glob> g = new ArrayList<>();
        for (String p : BUILT_IN) {
            g.add(Glob.of(p, home).ignoringCase());
        }
        for (String p : settings.add()) {
            g.add(Glob.of(p, home));
        }
        List<Glob> i = new ArrayList<>();
        for (String p : settings.ignore()) {
            i.add(Glob.of(p, home));
        }
        return new Sensitive(List.copyOf(g), List.copyOf(i));
    }

    /** The glob that makes a path sensitive, or null when none does (or the policy ignores it). */
    Glob match(FilePath path) {
        for (Glob i : ignore) {
            if (i.matches(path)) {
                return null;
            }
        }
        for (Glob g : globs) {
            if (g.matches(path)) {
                return g;
            }
        }
        return null;
    }
}
