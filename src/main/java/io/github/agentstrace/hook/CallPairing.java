package io.github.agentstrace.hook;

import io.github.agentstrace.model.Ids;
import java.io.IOException;

/**
 * Pairs a tool result with its call across hook processes. A call's event id is derived from
 * {@code (session, tool_use_id)}, so the result names it without reading anything; the call's timestamp
 * (for the duration) waits in {@link HookState}, and a result whose call hook has not written it yet (async
 * hooks race) polls for it up to {@link HookConfig#pairWaitMillis()}. Payloads without a tool_use_id pair
 * by tool name, oldest call first.
 *
 * <p>When the call's hook never wrote its event (it was killed), the result still names the derived id
 * and keeps {@code data.tool_use_id}: readers find no event with that id and pair by tool_use_id, or show
 * the result without its call.
 */
final class CallPairing {
    /** The call a result answers: its event id (null when unknown) and its timestamp (0 when unknown). */
    record Call(String eventId, double openedAt) {
    }

    private final HookState state;
    private final Ids ids;
    private final long waitMillis;

    CallPairing(HookState state, Ids ids, long waitMillis) {
        this.state = state;
        this.ids = ids;
        this.waitMillis = waitMillis;
    }

    /** The event id for a new call: derived from its tool_use_id, else a fresh one. */
    String newCallId(String target, String toolUseId) {
        return toolUseId != null ? callEventId(target, toolUseId) : ids.eventId();
    }

    /**
     * Leaves an open call for its result (and, for an Agent/Task call, for the subagent it will start).
     * Written before the call's event: a result hook racing this one must find it as soon as possible.
     */
    void open(String mainSid, String target, String toolUseId, String tool, String eventId, double now,
              boolean spawns, String subagentType) throws IOException {
        // The machine's monotonic time orders the pending calls of all hook processes (one boot, one clock).
        state.putPending(target, toolUseId, tool, eventId, now, System.nanoTime());
        if (spawns) {
            state.putSpawn(mainSid, toolUseId, eventId, target, subagentType, System.nanoTime());
        }
    }

    /** The call a result belongs to: by tool_use_id (waiting briefly for a racing call hook), else by name. */
    Call find(String target, String tool, String toolUseId, String claimant) throws IOException {
        if (toolUseId == null) {
            HookState.Open open = state.takeOldestByName(target, tool, claimant);
            return open == null ? new Call(null, 0) : new Call(open.eventId(), open.timestamp());
        }
        HookState.Open open = state.takePending(target, toolUseId, claimant);
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (open == null && System.nanoTime() < deadline) {
            sleep(5);
            open = state.takePending(target, toolUseId, claimant);
        }
        // The call's id is derived from tool_use_id, so the link holds even if its hook never ran.
        return new Call(callEventId(target, toolUseId), open == null ? 0 : open.timestamp());
    }

    /** The id of a denied call that is still open (and closes it); null when there is none. */
    String takeDenied(String target, String toolUseId, String claimant) throws IOException {
        if (toolUseId != null && state.takePending(target, toolUseId, claimant) != null) {
            return callEventId(target, toolUseId);
        }
        return null;
    }

    /** Forgets the spawn entry of a finished Agent/Task call. */
    void dropSpawn(String mainSid, String toolUseId) throws IOException {
        state.dropSpawn(mainSid, toolUseId);
    }

    /**
     * The event id of the call with this tool_use_id in this session: 12 hex characters derived from both,
     * so the result hook links to its call without reading anything the call hook wrote.
     */
    static String callEventId(String sessionId, String toolUseId) {
        long h = Ids.hash64(sessionId + "\u0000" + toolUseId);
        String hex = Long.toHexString(h);
        StringBuilder sb = new StringBuilder(12);
        for (int i = hex.length(); i < 16; i++) {
            sb.append('0');
        }
        return sb.append(hex).substring(0, 12);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
