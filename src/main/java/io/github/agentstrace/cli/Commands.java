package io.github.agentstrace.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of subcommands, in the order {@code --help} lists them. No reflection, no scanning. */
final class Commands {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    Commands() {
        for (Command c : List.<Command>of(
                new ListCommand(),
                new InspectCommand(),
                new RecordCommand(),
                new ReplayCommand(),
                new StatsCommand(),
                new VersionCommand())) {
            byName.put(c.name(), c);
        }
    }

    Command find(String name) {
        return byName.get(name);
    }

    Iterable<Command> all() {
        return byName.values();
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
