package io.github.agentstrace.cli;

import io.github.agentstrace.export.EventFormat;
import io.github.agentstrace.export.EventWriter;
import io.github.agentstrace.model.SessionMeta;
import io.github.agentstrace.otlp.OtlpExport;
import io.github.agentstrace.otlp.OtlpSettings;
import io.github.agentstrace.store.FilePermissions;
import io.github.agentstrace.store.TraceStore;
import io.github.agentstrace.term.Plural;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code export}: sessions as a JSON array, NDJSON lines, RFC 4180 CSV, or OpenTelemetry traces (OTLP JSON
 * printed, or OTLP/HTTP sent to a collector or backend). Events stream from the store, so memory stays flat
 * whatever the session size.
 */
final class ExportCommand implements Command {
    private static final List<String> OTLP_ONLY = List.of("--endpoint", "--protocol", "--header", "--compression",
            "--timeout", "--service-name", "--max-batch-bytes", "--retries");

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "Export sessions as JSON, CSV, NDJSON or OpenTelemetry traces (OTLP)";
    }

    @Override
    public String synopsis() {
        return "export [session-id...] [--all] [--format json|csv|ndjson|otlp] [-o FILE] [--endpoint URL] [--header 'K: V']...";
    }

    @Override
    public String details() {
        return """
                Without a session id the most recently started session is exported; --all exports every session.
                json, ndjson and csv go to stdout or -o FILE; ndjson copies the stored lines; a csv of several
                sessions (--all, or more than one id) has a session_id column after data. otlp prints one OTLP JSON request, or with an endpoint
                (--endpoint, else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT) sends the
                sessions over OTLP/HTTP, subagent sessions included, retrying 429/502/503/504 and connection
                failures. Also read: OTEL_EXPORTER_OTLP_[TRACES_]HEADERS, _PROTOCOL, _COMPRESSION, _TIMEOUT (ms),
                OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES; flags win. Exit status 0 only when every span was
                accepted.""";
    }

    @Override
    public List<Opt> options() {
        return List.of(
                Opt.flag("--all", "export every session"),
                Opt.value("--format", "FORMAT", "json (default), csv, ndjson or otlp"),
                Opt.value("--output", "FILE", "write to FILE instead of stdout", "-o"),
                Opt.value("--endpoint", "URL", "otlp: send to this OTLP/HTTP base URL (/v1/traces is appended)"),
                Opt.value("--protocol", "P", "otlp: http/protobuf (default) or http/json"),
                Opt.value("--header", "'K: V'", "otlp: add a request header (repeatable)", "-H"),
                Opt.value("--compression", "C", "otlp: gzip or none (default)"),
                Opt.value("--timeout", "SECONDS", "otlp: per-request timeout, e.g. 10, 2.5, 500ms (default 10)"),
                Opt.value("--service-name", "NAME", "otlp: service.name (default agent-strace)"),
                Opt.value("--max-batch-bytes", "N", "otlp: largest request body before compression (default 4 MiB)"),
                Opt.value("--retries", "N", "otlp: retries of a failed request, 0-20 (default 4, within 60 s)"));
    }

    @Override
    public int run(Args args, Context ctx) throws UsageException {
        String formatWord = args.value("--format", "json");
        boolean otlp = formatWord.trim().toLowerCase(Locale.ROOT).equals("otlp");
        EventFormat format = otlp ? null : EventFormat.parse(formatWord.trim());
        if (!otlp && format == null) {
            throw new UsageException("invalid --format '" + formatWord + "' (use json, csv, ndjson or otlp)");
        }
        if (!otlp) {
            for (String o : OTLP_ONLY) {
                if (args.flag(o)) {
                    throw new UsageException(o + " only applies to --format otlp");
                }
            }
        }
        boolean all = args.flag("--all");
        List<String> given = args.sessionIds(); // an empty id is a usage error, not "the latest"
        if (all && !given.isEmpty()) {
            throw new UsageException("give session ids or --all, not both");
        }
        Path output = args.value("--output") == null ? null : ctx.cwd().resolve(args.value("--output"));
        if (output != null && Files.isDirectory(output)) {
            throw new UsageException("--output " + args.value("--output") + " is a directory, not a file");
        }
        Consumer<String> warn = w -> ctx.err().println("agent-strace export: " + w);

        OtlpSettings settings = null;
        if (otlp) {
            Long maxBatch = null;
            if (args.value("--max-batch-bytes") != null) {
                maxBatch = (long) args.intValue("--max-batch-bytes", 0, 1024, Integer.MAX_VALUE);
            }
            OtlpSettings.Flags flags = new OtlpSettings.Flags(args.value("--endpoint"), args.value("--protocol"),
                    args.values("--header"), args.value("--compression"), args.value("--timeout"),
                    args.value("--service-name"), maxBatch,
                    args.value("--retries") == null ? null : args.intValue("--retries", 4, 0, 20));
            try {
                flags.validate();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (flags.endpoint() != null && output != null) {
                throw new UsageException("--endpoint sends the trace and -o writes it to a file: choose one");
            }
            try {
                settings = OtlpSettings.resolve(flags, ctx.env());
            } catch (IllegalArgumentException e) {
                throw new DataException(e.getMessage());
            }
            settings.warnings().forEach(warn);
        }

        TraceStore store = ctx.store();
        List<String> ids = sessions(store, args, all, warn);
        if (otlp && settings.endpoint() != null && output == null) {
            return send(store, ids, settings, ctx, warn);
        }
        try (Output out = Output.open(output, ctx)) {
            if (otlp) {
                // UTF-8 bytes straight to the stream: the request is several times the size of the session.
                OtlpExport.create(settings, VersionCommand.version(), ctx.clock(), ctx.prices(null)).print(store, ids, out.stream(), warn);
            } else {
                EventWriter w = EventWriter.of(format, out.writer(), all || ids.size() > 1);
                w.begin();
                for (String id : ids) {
                    w.session(id);
                    store.reader(id, warn).forEachLine((e, line) -> {
                        try {
                            w.write(e, line);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                    });
                }
                w.end();
            }
        } catch (IOException e) {
            // A FileSystemException's message repeats the path: say the reason only.
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : e.getMessage();
            throw new DataException("cannot write " + (output == null ? "stdout" : output) + ": " + why);
        }
        return ExitCode.OK.code();
    }

    private static int send(TraceStore store, List<String> ids, OtlpSettings settings, Context ctx, Consumer<String> warn) {
        OtlpExport.Summary s = OtlpExport.create(settings, VersionCommand.version(), ctx.clock(), ctx.prices(null)).send(store, ids, warn);
        String where = settings.endpointForDisplay();
        String sessions = Plural.count(s.sessions(), "session");
        String requests = Plural.count(s.requests(), "request");
        if (s.ok()) {
            ctx.err().println("agent-strace export: sent " + Plural.count(s.spans(), "span") + " (" + sessions + ") to "
                    + where + " in " + requests + ", " + Plural.count(s.bytes(), "byte"));
            return ExitCode.OK.code();
        }
        for (String p : s.problems()) {
            warn.accept(p);
        }
        ctx.err().println("agent-strace export: " + s.accepted() + " of " + Plural.count(s.spans(), "span") + " accepted by " + where
                + ", " + s.rejected() + " rejected or not sent (" + sessions + ", " + requests + ")");
        return s.rejected() == 0 ? ExitCode.OK.code() : ExitCode.DATA_ERROR.code();
    }

    /** The ids to export: the given ones (each a unique prefix), every session with --all, else the latest. */
    private static List<String> sessions(TraceStore store, Args args, boolean all, Consumer<String> warn) {
        if (all) {
            List<SessionMeta> metas = new ArrayList<>(store.list(warn));
            if (metas.isEmpty()) {
                throw new DataException("No sessions found in " + store.root());
            }
            List<String> ids = new ArrayList<>();
            for (int i = metas.size() - 1; i >= 0; i--) {
                ids.add(metas.get(i).sessionId()); // oldest first: the order they happened
            }
            return ids;
        }
        if (args.positionals().isEmpty()) {
            return List.of(store.resolve(null, warn));
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String p : args.positionals()) {
            ids.add(store.resolve(p, warn));
        }
        return List.copyOf(ids);
    }

    /**
     * stdout, or a private (0600) file that is replaced: as text, or as the stream beneath for bytes (use one
     * or the other, not both).
     */
    private record Output(Writer writer, OutputStream stream, boolean file) implements AutoCloseable {
        static Output open(Path path, Context ctx) throws IOException {
            if (path == null) {
                return new Output(new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8) {
                    @Override
                    public void close() throws IOException {
                        flush(); // stdout stays open for Main
                    }
                }, ctx.out(), false);
            }
            if (!Files.exists(path)) {
                FilePermissions.createPrivateFile(path);
            }
            OutputStream file = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), 1 << 16);
            return new Output(new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16), file, true);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
