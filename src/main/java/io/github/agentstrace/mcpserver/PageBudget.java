package io.github.agentstrace.mcpserver;

import io.github.agentstrace.json.Json;
import io.github.agentstrace.model.Texts;
import java.util.Map;

/**
 * The room left on one page: items join a page, capped as {@link Tools} caps structured content, while the
 * page's JSON stays under {@value #CHARS} characters; the first item always does, so every page moves on. A
 * page that ends early ends like one that reached its limit: with a cursor to the next item.
 */
final class PageBudget {
    /** Most characters of items on one page. */
    static final int CHARS = 30_000;

    private long used;
    private int items;

    /** The item, capped, when it fits; null when the page is full. */
    @SuppressWarnings("unchecked")
    Map<String, Object> take(Map<String, Object> item) {
        Map<String, Object> capped = (Map<String, Object>) Texts.cutStrings(item, Tools.MAX_STRING);
        int size = Json.write(capped).length();
        if (items > 0 && used + size > CHARS) {
            return null;
        }
        used += size;
        items++;
        return capped;
    }
}
