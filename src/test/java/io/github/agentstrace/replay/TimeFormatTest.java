package io.github.agentstrace.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeFormatTest {
    @Test
    void columns_areTheFormattersTexts() {
        assertEquals("+  3.55s", TimeFormat.REL.format(1003.55, 1000));
        assertEquals("+1m43.67s", TimeFormat.REL.format(103.67, 0));
        assertEquals("+2h05m01s", TimeFormat.REL.format(7501.2, 0));
        assertEquals("23:36:57.170", TimeFormat.WALL.format(1795477017.17, 0));
        assertEquals("1795477017.173", TimeFormat.EPOCH.format(1795477017.1729999, 0));
    }

    /** What the hand-written columns replace: the formatter's patterns, on random times. */
    @Test
    void columns_areWhatStringFormatWrote() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double ts = 1.7e9 + random.nextDouble() * 2e8;
            double offset = random.nextDouble() * (i % 2 == 0 ? 4e5 : 4e3);
            long whole = (long) offset;
            String rel = offset < 3599.995 ? TimeFormat.offset(offset) : String.format(Locale.ROOT, "+%dh%02dm%02ds",
                    whole / 3600, (whole % 3600) / 60, whole % 60);
            assertEquals(rel, TimeFormat.REL.format(offset, 0));
            long dayMillis = Math.floorMod(Math.round(ts * 1000.0), 86_400_000L);
            assertEquals(String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", dayMillis / 3_600_000,
                    (dayMillis / 60_000) % 60, (dayMillis / 1000) % 60, dayMillis % 1000), TimeFormat.WALL.format(ts, 0));
            assertEquals(String.format(Locale.ROOT, "%.3f", ts), TimeFormat.EPOCH.format(ts, 0));
        }
    }
}
