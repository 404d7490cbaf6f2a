package io.github.agentstrace.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of subcommands, in the order {@code --help} lists them. No reflection, no scanning. */
final class Commands {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    Commands() {
        for (Command c : List.<Command>of(
                new HookCommand(),
                new SetupCommand(),
                new RecorderCommand(),
                new RecordCommand(),
                new RecordHttpCommand(),
                new ImportCommand(),
                new ListCommand(),
                new ReplayCommand(),
                new StatsCommand(),
                new CostCommand(),
                new ExplainCommand(),
                new WhyCommand(),
                new DiffCommand(),
                new SearchCommand(),
                new ClustersCommand(),
                new ReportCommand(),
                new AuditCommand(),
                new PolicyCommand(),
                new WatchCommand(),
                new VerifyCommand(),
                new McpCommand(),
                new ReceiveCommand(),
                new InspectCommand(),
                new ShareCommand(),
                new ServeCommand(),
                new ExportCommand(),
                new WrapCommand(),
                new UnwrapCommand(),
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

    /** A registry of exactly these commands, for tests. */
    Commands(List<Command> only) {
        for (Command c : only) {
            byName.put(c.name(), c);
        }
    }
}
