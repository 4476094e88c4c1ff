package io.github.cutterrevert.proof.race;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the other sessions of a race, every wait bounded. {@link #close()} interrupts what is
 * left and fails the test if a thread is still alive afterwards: no test leaves a hung thread.
 */
public final class Background implements AutoCloseable {
    private static final Duration TERMINATION = Duration.ofSeconds(15);

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "proof-session-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** What a session did: its value or its failure, and how long it took. */
    public record Outcome<T>(T value, Throwable failure, Duration took) {
        /**
         * The value, failing the test if the session failed.
         *
         * @return the value
         */
        public T get() {
            if (failure != null) {
                throw new AssertionError("expected the session to succeed but it failed", failure);
            }
            return value;
        }
    }

    /**
     * Starts a session.
     *
     * @param work what it does
     * @param <T> its result
     * @return its future outcome (never completes exceptionally)
     */
    public <T> Future<Outcome<T>> start(Callable<T> work) {
        return executor.submit(() -> {
            long started = System.nanoTime();
            try {
                T value = work.call();
                return new Outcome<>(value, null, Duration.ofNanos(System.nanoTime() - started));
            } catch (Exception | AssertionError e) {
                return new Outcome<>(null, e, Duration.ofNanos(System.nanoTime() - started));
            }
        });
    }

    /**
     * Waits for a session's outcome.
     *
     * @param session the session
     * @param timeout how long at most
     * @param <T> its result
     * @return the outcome
     */
    public static <T> Outcome<T> await(Future<Outcome<T>> session, Duration timeout) {
        try {
            return session.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("expected the session to end within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new AssertionError("the session wrapper failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(TERMINATION.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("a session thread was still running " + TERMINATION.toSeconds()
                        + " s after it was interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the session threads", e);
        }
    }
}
