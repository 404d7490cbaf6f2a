package io.github.agentstrace.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * A path a call touched, as the policy's globs see it: its segments relative to the project root when it lies
 * inside the root, and its absolute segments when it can be made absolute. {@code .} and {@code ..} are
 * resolved by name (no file system access: the file may not exist, and a check must not touch the disk), so
 * {@code src/../.env} is {@code .env}.
 *
 * @param text     the path as the call gave it
 * @param relative segments below the project root, or null when the path is outside it
 * @param absolute absolute segments, or null when the path is relative and there is no root
 */
record FilePath(String text, List<String> relative, List<String> absolute) {

    /**
     * A path read against a project root ({@code root} null: relative paths stay relative, absolute paths
     * are never inside).
     */
    static FilePath of(String path, String root) {
        String p = path.replace('\\', '/');
        if (p.startsWith("file://")) {
            p = p.substring("file://".length());
        }
        List<String> rootParts = root == null ? null : normalize(root, List.of());
        List<String> absolute;
        List<String> relative;
        if (p.startsWith("/")) {
            absolute = normalize(p, List.of());
            relative = rootParts != null && startsWith(absolute, rootParts)
                    ? absolute.subList(rootParts.size(), absolute.size()) : null;
        } else if (rootParts != null) {
            absolute = normalize(p, rootParts);
            relative = startsWith(absolute, rootParts) ? absolute.subList(rootParts.size(), absolute.size()) : null;
        } else {
            absolute = null;
            List<String> r = normalize(p, List.of());
            relative = escapes(p) ? null : r;
        }
        return new FilePath(path, relative == null ? null : List.copyOf(relative),
                absolute == null ? null : List.copyOf(absolute));
    }

    /** The path relative to the root ({@code src/app.py}), else absolute, else as given. */
    String display() {
        if (relative != null) {
            return relative.isEmpty() ? "." : String.join("/", relative);
        }
        if (absolute != null) {
            return "/" + String.join("/", absolute);
        }
        return text;
    }

    /** Whether the path lies inside the project root. */
    boolean inside() {
        return relative != null;
    }

    /** The segments of {@code p} appended to {@code base}, with {@code .} dropped and {@code ..} going up. */
    private static List<String> normalize(String p, List<String> base) {
        List<String> out = new ArrayList<>(base);
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(s);
        }
        return out;
    }

    /** Whether a relative path climbs above where it starts ({@code ../x}). */
    private static boolean escapes(String p) {
        int depth = 0;
        for (String s : p.split("/")) {
            if (s.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }
}
