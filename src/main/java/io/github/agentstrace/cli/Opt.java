package io.github.agentstrace.cli;

import java.util.List;

/**
 * One option of a command: {@code --name} (and aliases such as {@code -n}), a flag when
 * {@code valueName} is null, else taking one value ({@code --name V} or {@code --name=V}).
 */
record Opt(String name, List<String> aliases, String valueName, String help) {

    static Opt flag(String name, String help, String... aliases) {
        return new Opt(name, List.of(aliases), null, help);
    }

    static Opt value(String name, String valueName, String help, String... aliases) {
        return new Opt(name, List.of(aliases), valueName, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    boolean matches(String token) {
        return name.equals(token) || aliases.contains(token);
    }

    String display() {
        StringBuilder sb = new StringBuilder();
        for (String a : aliases) {
            sb.append(a).append(", ");
        }
        sb.append(name);
        if (valueName != null) {
            sb.append(' ').append(valueName);
        }
        return sb.toString();
    }
}
