///usr/bin/env jbang "$0" "$@" ; exit $?
// agent-strace for jbang: `jbang agent-strace@<owner>/<repo> <command>` (see jbang-catalog.json).
// jbang fetches each //SOURCES file relative to this script, also over HTTP, where globs cannot be
// expanded: the list is explicit and JbangCatalogTest keeps it equal to src/main/java (regenerate
// it with: mvn -q test -Dtest=JbangCatalogTest -Dagentstrace.regenerate=true).
//JAVA 17+
//DESCRIPTION strace for AI agents: record, replay and export agent sessions
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto
//SOURCES ../java/io/github/agentstrace/api/AgentTrace.java
//SOURCES ../java/io/github/agentstrace/api/TraceException.java
//SOURCES ../java/io/github/agentstrace/api/TraceSession.java
//SOURCES ../java/io/github/agentstrace/api/Traced.java
//SOURCES ../java/io/github/agentstrace/api/Usage.java
//SOURCES ../java/io/github/agentstrace/api/Values.java
//SOURCES ../java/io/github/agentstrace/api/package-info.java
//SOURCES ../java/io/github/agentstrace/cli/Args.java
//SOURCES ../java/io/github/agentstrace/cli/Command.java
//SOURCES ../java/io/github/agentstrace/cli/Commands.java
//SOURCES ../java/io/github/agentstrace/cli/Context.java
//SOURCES ../java/io/github/agentstrace/cli/CostCommand.java
//SOURCES ../java/io/github/agentstrace/cli/DataException.java
//SOURCES ../java/io/github/agentstrace/cli/DidYouMean.java
//SOURCES ../java/io/github/agentstrace/cli/ExitCode.java
//SOURCES ../java/io/github/agentstrace/cli/ExportCommand.java
//SOURCES ../java/io/github/agentstrace/cli/ImportCommand.java
//SOURCES ../java/io/github/agentstrace/cli/InspectCommand.java
//SOURCES ../java/io/github/agentstrace/cli/ListCommand.java
//SOURCES ../java/io/github/agentstrace/cli/Main.java
//SOURCES ../java/io/github/agentstrace/cli/Opt.java
//SOURCES ../java/io/github/agentstrace/cli/UnwrapCommand.java
//SOURCES ../java/io/github/agentstrace/cli/UsageException.java
//SOURCES ../java/io/github/agentstrace/cli/VersionCommand.java
//SOURCES ../java/io/github/agentstrace/cli/WrapCommand.java
//SOURCES ../java/io/github/agentstrace/cost/CostReport.java
//SOURCES ../java/io/github/agentstrace/cost/Price.java
//SOURCES ../java/io/github/agentstrace/cost/PriceTable.java
//SOURCES ../java/io/github/agentstrace/export/CsvEventWriter.java
//SOURCES ../java/io/github/agentstrace/export/EventFormat.java
//SOURCES ../java/io/github/agentstrace/export/EventWriter.java
//SOURCES ../java/io/github/agentstrace/export/JsonEventWriter.java
//SOURCES ../java/io/github/agentstrace/export/NdjsonEventWriter.java
//SOURCES ../java/io/github/agentstrace/json/Json.java
//SOURCES ../java/io/github/agentstrace/json/JsonException.java
//SOURCES ../java/io/github/agentstrace/json/JsonNumber.java
//SOURCES ../java/io/github/agentstrace/json/Parser.java
//SOURCES ../java/io/github/agentstrace/json/Writer.java
//SOURCES ../java/io/github/agentstrace/model/EventType.java
//SOURCES ../java/io/github/agentstrace/model/Ids.java
//SOURCES ../java/io/github/agentstrace/model/SessionMeta.java
//SOURCES ../java/io/github/agentstrace/model/TraceEvent.java
//SOURCES ../java/io/github/agentstrace/otlp/Attributes.java
//SOURCES ../java/io/github/agentstrace/otlp/AutoExport.java
//SOURCES ../java/io/github/agentstrace/otlp/Encoding.java
//SOURCES ../java/io/github/agentstrace/otlp/JsonEncoding.java
//SOURCES ../java/io/github/agentstrace/otlp/KeyValue.java
//SOURCES ../java/io/github/agentstrace/otlp/Limits.java
//SOURCES ../java/io/github/agentstrace/otlp/OtlpExport.java
//SOURCES ../java/io/github/agentstrace/otlp/OtlpSender.java
//SOURCES ../java/io/github/agentstrace/otlp/OtlpSettings.java
//SOURCES ../java/io/github/agentstrace/otlp/ProtoBuffer.java
//SOURCES ../java/io/github/agentstrace/otlp/ProtoReader.java
//SOURCES ../java/io/github/agentstrace/otlp/ProtobufEncoding.java
//SOURCES ../java/io/github/agentstrace/otlp/Resource.java
//SOURCES ../java/io/github/agentstrace/otlp/SessionMapper.java
//SOURCES ../java/io/github/agentstrace/otlp/Sleeper.java
//SOURCES ../java/io/github/agentstrace/otlp/Span.java
//SOURCES ../java/io/github/agentstrace/otlp/SpanEvent.java
//SOURCES ../java/io/github/agentstrace/otlp/SpanIds.java
//SOURCES ../java/io/github/agentstrace/redact/Redactor.java
//SOURCES ../java/io/github/agentstrace/store/FilePermissions.java
//SOURCES ../java/io/github/agentstrace/store/SessionIds.java
//SOURCES ../java/io/github/agentstrace/store/SessionReader.java
//SOURCES ../java/io/github/agentstrace/store/SessionWriter.java
//SOURCES ../java/io/github/agentstrace/store/StoreException.java
//SOURCES ../java/io/github/agentstrace/store/TraceDirs.java
//SOURCES ../java/io/github/agentstrace/store/TraceStore.java
//SOURCES ../java/io/github/agentstrace/term/Ansi.java
//SOURCES ../java/io/github/agentstrace/term/ColorMode.java
//SOURCES ../java/io/github/agentstrace/transcript/TranscriptImport.java
//SOURCES ../java/io/github/agentstrace/transcript/TranscriptLines.java
//SOURCES ../java/io/github/agentstrace/transcript/TranscriptMapper.java
//SOURCES ../java/io/github/agentstrace/transcript/TranscriptTail.java
//SOURCES ../java/io/github/agentstrace/transcript/Usage.java
//SOURCES ../java/io/github/agentstrace/wrap/ConfigException.java
//SOURCES ../java/io/github/agentstrace/wrap/ConfigFiles.java
//SOURCES ../java/io/github/agentstrace/wrap/JsonLayout.java
//SOURCES ../java/io/github/agentstrace/wrap/McpConfig.java
//SOURCES ../java/io/github/agentstrace/wrap/TextDiff.java
//FILES io/github/agentstrace/cost/prices.json=../resources/io/github/agentstrace/cost/prices.json

/** Starts the agent-strace command line; everything is in the sources listed above. */
public class AgentStrace {
    public static void main(String[] args) {
        io.github.agentstrace.cli.Main.main(args);
    }
}
