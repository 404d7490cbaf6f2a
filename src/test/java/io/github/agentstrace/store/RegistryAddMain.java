package io.github.agentstrace.store;

import java.nio.file.Path;

/**
 * An adding process for {@link TraceDirRegistryTest}: {@code RegistryAddMain FILE PREFIX COUNT} notes COUNT
 * directories {@code PREFIX-0 ...} in the registry kept in FILE, as capture processes do.
 */
public final class RegistryAddMain {
    private RegistryAddMain() {
    }

    public static void main(String[] args) {
        TraceDirRegistry registry = TraceDirRegistry.at(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        for (int i = 0; i < count; i++) {
            registry.add(Path.of(args[1] + "-" + i));
        }
    }
}
