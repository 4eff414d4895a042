package nc.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Sends a fixed number of requests, each exactly once, from a fixed number of closed-loop client threads. */
final class LoadRunner {
    private final HttpClient client;
    private final long deadlineNanos;

    LoadRunner(HttpClient client, long deadlineNanos) {
        this.client = client;
        this.deadlineNanos = deadlineNanos;
    }

    /** Thrown when the overall time cap ends a phase before all its requests were sent. */
    static final class TimeCapExceeded extends RuntimeException {
        TimeCapExceeded(String message) {
            super(message);
        }
    }

    /** One request of a phase: null when it answered HTTP 200, else what went wrong. */
    @FunctionalInterface
    interface Sender {
        /** {@code index} is the request's position in the phase, {@code thread} the client thread (0..threads-1). */
        String send(int index, int thread);
    }

    PhaseResult run(String label, List<HttpRequest> requests, int threads) throws InterruptedException {
        return run(label, requests.size(), threads, (i, t) -> send(requests.get(i)));
    }

    /** {@code total} requests, each sent once by whichever client thread is free; a thread may keep its own connection. */
    PhaseResult run(String label, int total, int threads, Sender sender) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Runnable worker = () -> {
                for (int i = next.getAndIncrement(); i < total && System.nanoTime() < deadlineNanos; i = next.getAndIncrement()) {
                    long started = System.nanoTime();
                    String error;
                    try {
                        error = sender.send(i, thread);
                    } catch (RuntimeException e) {
                        error = e.toString();
                    }
                    latencies[i] = System.nanoTime() - started;
                    sent.incrementAndGet();
                    if (error != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                }
            };
            workers[t] = new Thread(worker, "bench-client-" + t);
        }
        long started = System.nanoTime();
        for (Thread w : workers) {
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long elapsed = System.nanoTime() - started;
        if (sent.get() < total) {
            throw new TimeCapExceeded("time cap reached in " + label + " after " + sent.get() + " of " + total + " requests");
        }
        return new PhaseResult(total, elapsed, latencies, errors.get(), firstError.get());
    }

    /** Null on HTTP 200, else what went wrong. */
    private String send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return null;
            }
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return "HTTP " + response.statusCode() + " " + body.substring(0, Math.min(body.length(), 300));
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
