package nc.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The stream sessions (exec, attach) by operation: open now, and opened since start. For the metrics. */
public final class WebSocketSessions {
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> opened = new ConcurrentHashMap<>();

    void opened(String operation) {
        opened.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        open.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    }

    void closed(String operation) {
        open.computeIfAbsent(operation, k -> new AtomicLong()).decrementAndGet();
    }

    /** Sessions open now, by operation (operations that had one since start). */
    public Map<String, Long> open() {
        return snapshot(open);
    }

    /** Sessions opened since start, by operation. */
    public Map<String, Long> opened() {
        return snapshot(opened);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((op, n) -> out.put(op, n.get()));
        return out;
    }
}
