package io.switchboard.benchmarks.load.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One server of the load harness, in a JVM of its own so that its CPU and heap are its own. The
 * harness starts it with the server's name, reads {@code READY <port>} from its standard output,
 * then sends one command a line and reads one answer a line ({@code OK ...} or
 * {@code ERR ...}); logs go to standard error.
 *
 * <pre>
 * PREPARE users              ready stream users 0..users-1 (connected and subscribed by now)
 * BURST users events         every user gets events events, as fast as possible: OK start end
 * RATE users perSecond ms    events at a fixed rate for ms milliseconds: OK start end emitted
 * BROADCAST batched          one event to every connection: OK stamp
 * HEAP                       heap used after a full GC, in bytes: OK bytes
 * CONNECTIONS                OK count
 * THREADS                    CPU so far, in ns, of the finished emission threads and of the
 *                            live Java threads by name (digits dropped): OK name=ns ...
 * QUIT                       stop the server and exit
 * </pre>
 */
public final class BenchServer {

    private final Backend backend;
    private final EmissionDriver driver;

    private BenchServer(Backend backend, int emitterThreads) {
        this.backend = backend;
        this.driver = new EmissionDriver(backend, emitterThreads);
    }

    /**
     * Runs a server until {@code QUIT} or the end of standard input.
     *
     * @param args the server ({@code raw-netty}, {@code netty}, {@code undertow},
     *     {@code jakarta}, {@code raw-tyrus}, {@code raw-undertow}), then options {@code --emit=emitter|thread} and
     *     {@code --emitter-threads=N}
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        String emit = "emitter";
        int threads = 2;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--emit=")) {
                emit = args[i].substring("--emit=".length());
            } else if (args[i].startsWith("--emitter-threads=")) {
                threads = Integer.parseInt(args[i].substring("--emitter-threads=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Backend backend = backend(args[0], emit)) {
            out.println("READY " + backend.port());
            new BenchServer(backend, threads).serve(out);
        }
    }

    private static Backend backend(String name, String emit) throws Exception {
        SwitchboardBackend.EmitPath path =
                SwitchboardBackend.EmitPath.valueOf(emit.toUpperCase(Locale.ROOT));
        switch (name) {
            case "raw-netty":
                return new RawNettyBackend();
            case "raw-tyrus":
                return new RawTyrusBackend();
            case "raw-undertow":
                return new RawUndertowBackend();
            case "netty":
                return new SwitchboardBackend(TransportServer.Kind.NETTY, path);
            case "undertow":
                return new SwitchboardBackend(TransportServer.Kind.UNDERTOW, path);
            case "jakarta":
                return new SwitchboardBackend(TransportServer.Kind.JAKARTA, path);
            default:
                throw new IllegalArgumentException("unknown server " + name);
        }
    }

    private void serve(PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("QUIT")) {
                return;
            }
            try {
                out.println("OK " + execute(words));
            } catch (Exception | Error e) {
                out.println("ERR " + e);
            }
        }
    }

    private String execute(String[] words) throws Exception {
        switch (words[0]) {
            case "PREPARE":
                backend.prepareUsers(Integer.parseInt(words[1]));
                return "";
            case "BURST": {
                EmissionDriver.Span span = driver.burst(Integer.parseInt(words[1]),
                        Integer.parseInt(words[2]));
                return span.startNanos() + " " + span.endNanos();
            }
            case "RATE": {
                int perSecond = Integer.parseInt(words[2]);
                long millis = Long.parseLong(words[3]);
                EmissionDriver.Span span = driver.atRate(Integer.parseInt(words[1]), perSecond, millis);
                return span.startNanos() + " " + span.endNanos() + " " + perSecond * millis / 1000;
            }
            case "BROADCAST": {
                long stamp = System.nanoTime();
                backend.broadcast(stamp, words[1].equals("1"));
                return Long.toString(stamp);
            }
            case "HEAP":
                return Long.toString(heapAfterGc());
            case "CONNECTIONS":
                return Integer.toString(backend.connections());
            case "THREADS":
                return threadCpu();
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    // Where the process's Java threads spent CPU; what the process spent beyond is the JVM's own
    // threads (GC, JIT compilers), which the thread bean does not list.
    private String threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        byName.put("emitters", driver.emittersCpuNanos());
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byName.merge(info.getThreadName().replaceAll("[0-9]+", "#").replace(' ', '_'),
                        cpu, Long::sum);
            }
        }
        // Not threads: the time the collectors paused the application and the JIT compiled, in ns
        // (the beans count milliseconds of wall time).
        long paused = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            paused += Math.max(0, collector.getCollectionTime());
        }
        byName.put("(gc-pauses)", paused * 1_000_000);
        byName.put("(jit)", ManagementFactory.getCompilationMXBean().getTotalCompilationTime()
                * 1_000_000);
        StringBuilder answer = new StringBuilder();
        byName.forEach((name, cpu) -> answer.append(name).append('=').append(cpu).append(' '));
        return answer.toString().trim();
    }

    // Two full collections: the second frees what the first only made unreachable (cleared
    // references, finalizable objects). The lower reading is the live heap.
    private static long heapAfterGc() {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            System.gc();
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
