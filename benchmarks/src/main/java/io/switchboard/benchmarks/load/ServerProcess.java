package io.switchboard.benchmarks.load;

import io.switchboard.benchmarks.load.server.BenchServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, in a JVM of its own ({@link BenchServer}), with the harness's class path
 * and a fixed heap. Commands go to its standard input, answers come from its standard output,
 * its log goes to a file. Used by the harness's one thread.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ServerKind kind;
    private final Process process;
    private final PrintStream commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final ProcessCpu cpu;
    private final int port;
    // Where class histograms go, or null when they are not asked for.
    private final Path histograms;

    private ServerProcess(ServerKind kind, Process process, ProcessCpu cpu, Path histograms)
            throws IOException {
        this.kind = kind;
        this.process = process;
        this.cpu = cpu;
        this.histograms = histograms;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "load-answers-" + kind.argument());
        reader.setDaemon(true);
        reader.start();
        String ready = next(START_TIMEOUT);
        if (!ready.startsWith("READY ")) {
            close();
            throw new IOException(kind.label() + " did not start: " + ready);
        }
        this.port = Integer.parseInt(ready.substring("READY ".length()).trim());
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param kind which server
     * @param options the harness's options (heap, emit path, emitter threads)
     * @param log where its standard error goes
     * @param cpu how to read its CPU time
     * @return the running server
     * @throws IOException if it cannot start
     */
    static ServerProcess start(ServerKind kind, HarnessOptions options, Path log, ProcessCpu cpu)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + options.serverHeap());
        command.add("-Xmx" + options.serverHeap());
        command.add("-XX:+UseG1GC");
        if (options.jfr()) {
            String name = log.getFileName().toString().replaceFirst("\\.log$", ".jfr");
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + log.resolveSibling(name));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.add(kind.argument());
        command.add("--emit=" + options.emitPath());
        command.add("--emitter-threads=" + options.emitterThreads());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServerProcess(kind, process, cpu, options.histogram()
                ? log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", ""))
                : null);
    }

    ServerKind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    /**
     * Sends one command and waits for its answer.
     *
     * @param line the command
     * @param within how long the server may take
     * @return the answer's words after {@code OK}
     * @throws IOException if the server answers {@code ERR}, exits or does not answer in time
     */
    String[] command(String line, Duration within) throws IOException {
        commands.println(line);
        String answer = next(within);
        if (!answer.startsWith("OK")) {
            throw new IOException(kind.label() + " failed '" + line + "': " + answer);
        }
        String rest = answer.substring(2).trim();
        return rest.isEmpty() ? new String[0] : rest.split(" ");
    }

    /** CPU time the server has used so far, in nanoseconds. */
    long cpuNanos() throws IOException {
        return cpu.nanos(process.pid());
    }

    /** The server's page faults so far, minor and major: see {@link ProcessCpu#faults}. */
    ProcessCpu.PageFaults pageFaults() throws IOException {
        return cpu.faults(process.pid());
    }

    /**
     * CPU time the server's threads have used so far, by the kernel's thread names, the JVM's
     * own threads included: see {@link ProcessCpu#threadNanos}.
     */
    Map<String, Long> kernelThreadCpuNanos() throws IOException {
        return cpu.threadNanos(process.pid());
    }

    /**
     * CPU time so far by thread: the finished emission threads ({@code emitters}) and each name of
     * the live Java threads, digits dropped, in nanoseconds; and two entries that are not threads
     * but wall time the JVM reports: {@code (gc-pauses)} and {@code (jit)}.
     */
    Map<String, Long> threadCpuNanos() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        for (String entry : command("THREADS", Duration.ofSeconds(10))) {
            int equals = entry.lastIndexOf('=');
            byName.put(entry.substring(0, equals), Long.parseLong(entry.substring(equals + 1)));
        }
        return byName;
    }

    /** The time the server's JIT has spent compiling so far, in nanoseconds (wall time). */
    long compileNanos() throws IOException {
        return threadCpuNanos().get("(jit)");
    }

    /** The server's heap in use after a full GC, in bytes. */
    long heapAfterGc() throws IOException {
        return Long.parseLong(command("HEAP", Duration.ofSeconds(60))[0]);
    }

    /**
     * Writes the server's class histogram of live objects ({@code jcmd GC.class_histogram}, which
     * collects first) to a file next to its log, named with {@code label}, if the harness was
     * asked for histograms; does nothing otherwise.
     *
     * @param label what the histogram shows, part of the file's name
     * @throws IOException if {@code jcmd} cannot run or fails
     */
    void histogram(String label) throws IOException {
        if (histograms == null) {
            return;
        }
        Path file = histograms.resolveSibling(histograms.getFileName() + "-" + label + ".histo");
        Process jcmd = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(file.toFile())
                .start();
        try {
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                throw new IOException("jcmd GC.class_histogram failed for " + kind.label());
            }
        } catch (InterruptedException e) {
            jcmd.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a class histogram", e);
        }
    }

    /** How many WebSocket connections the server holds. */
    int connections() throws IOException {
        return Integer.parseInt(command("CONNECTIONS", Duration.ofSeconds(10))[0]);
    }

    /** Asks the server to stop; kills it if it has not exited within 20 s. */
    @Override
    public void close() {
        commands.println("QUIT");
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                // A library that prints to standard output is not the server answering.
                if (line.startsWith("READY") || line.startsWith("OK") || line.startsWith("ERR")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // The process ended; next() reports it.
        }
        answers.add("EXITED");
    }

    private String next(Duration within) throws IOException {
        try {
            String line = answers.poll(within.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(kind.label() + " gave no answer within " + within);
            }
            if (line.equals("EXITED")) {
                answers.add(line);
                throw new IOException(kind.label() + " exited (code "
                        + (process.isAlive() ? "?" : process.exitValue()) + "); see its log");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
