package io.github.agentstrace.provenance;

/**
 * Remote URLs as they may be stored: a URL's user information goes, since people put tokens there
 * ({@code https://user:token@host/o/r.git} becomes {@code https://host/o/r.git}). An scp-like
 * {@code git@host:o/r.git} is kept whole: its user is a login name, never a secret.
 */
public final class RemoteUrls {
    private RemoteUrls() {
    }

    /** {@code url} without the user information of its authority; null stays null. */
    public static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int hostStart = scheme + 3;
        int pathStart = url.indexOf('/', hostStart);
        int authorityEnd = pathStart < 0 ? url.length() : pathStart;
        int at = url.lastIndexOf('@', authorityEnd - 1);
        if (at < hostStart) {
            return url;
        }
        return url.substring(0, hostStart) + url.substring(at + 1);
    }
}
