/** The JVM floor of the command-line benchmarks: a main that does nothing, started like the tool. */
public final class Floor {
    public static void main(String[] args) {
    }
}
