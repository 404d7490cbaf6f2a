package io.github.agentstrace.transcript;

import java.nio.file.Path;

/** Where the agent transcript fixtures are, for tests of other packages. */
public final class AgentTranscriptImportTestAccess {
    private AgentTranscriptImportTestAccess() {
    }

    public static Path codexHome() {
        return AgentTranscriptImportTest.codexHome();
    }

    public static Path geminiDir() {
        return AgentTranscriptImportTest.geminiDir();
    }

    /** A Copilot CLI home holding one real session log. */
    public static Path copilotHome() {
        return AgentTranscriptImportTest.resource("copilot-real");
    }
}
