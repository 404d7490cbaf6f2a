package io.github.agentstrace.api;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Traces every method of an interface: each call becomes a {@link TraceSession#tool} call named after the
 * method, with the arguments by parameter name ({@code arg0}, {@code arg1}, ... unless the interface was
 * compiled with {@code -parameters}).
 *
 * <pre>{@code
 * interface Tools {
 *     String search(String query);
 *     void writeFile(String path, String content) throws IOException;
 * }
 *
 * Tools tools = Traced.wrap(Tools.class, new RealTools(), session);
 * tools.search("flaky test");   // recorded as tool_call "search" + tool_result
 * }</pre>
 *
 * <p>Exceptions thrown by the implementation are recorded and rethrown as they are (not wrapped).
 * {@code equals}, {@code hashCode} and {@code toString} are not recorded. A plain JDK dynamic proxy: no
 * annotation processing, no bytecode generation.
 */
public final class Traced {
    private Traced() {
    }

    /**
     * A proxy implementing {@code type} that records each call on {@code session} and delegates to
     * {@code target}.
     *
     * @throws IllegalArgumentException when {@code type} is not an interface
     */
    public static <T> T wrap(Class<T> type, T target, TraceSession session) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(session, "session");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; Traced.wrap proxies interfaces");
        }
        InvocationHandler handler = new Handler(target, session);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static final class Handler implements InvocationHandler {
        private final Object target;
        private final TraceSession session;

        Handler(Object target, TraceSession session) {
            this.target = target;
            this.session = session;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Traced[" + target + "]";
                };
            }
            return session.tool(method.getName(), arguments(method, args), () -> call(method, args));
        }

        private Object call(Method method, Object[] args) throws Throwable {
            // Interfaces declared package-private or nested in a test class are not reachable from here.
            method.trySetAccessible();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private static Map<String, Object> arguments(Method method, Object[] args) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (args == null) {
                return out;
            }
            Parameter[] params = method.getParameters();
            for (int i = 0; i < args.length; i++) {
                out.put(params[i].getName(), args[i]);
            }
            return out;
        }
    }
}
