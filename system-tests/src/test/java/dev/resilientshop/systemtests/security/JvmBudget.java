package dev.resilientshop.systemtests.security;

import java.util.regex.Pattern;

/**
 * The most memory a service's JVM may take with the given flags, so a container limit can be
 * checked against it: below it, the kernel OOM-kills a JVM that is merely using what it was
 * allowed (the old 384 MiB limit sat under 256 MiB heap + 160 MiB metaspace alone).
 *
 * <p>heap (-Xmx) + metaspace (-XX:MaxMetaspaceSize) + code cache (-XX:ReservedCodeCacheSize) +
 * direct buffers (-XX:MaxDirectMemorySize) + {@value #THREADS} thread stacks of -Xss + a
 * {@value #NATIVE_MIB} MiB allowance for GC structures, symbols, the JIT and malloc arenas. Every
 * flag must be present: an uncapped part has no maximum to compare with.
 */
public record JvmBudget(long heapMib, long metaspaceMib, long codeCacheMib, long directMib, long stackKib) {

    /**
     * Quarkus's worker pool grows to 200 threads (its default maximum on a small machine), plus
     * event loops, GC, JDBC and timer threads; idle-ish fraud-api under 4 parallel clients ran 21
     * (scripts/measure-footprint, docs/security.md#5-budgets-that-fit).
     */
    static final int THREADS = 250;

    static final int NATIVE_MIB = 50;

    public static JvmBudget of(String javaOpts) {
        return new JvmBudget(
                size(javaOpts, "-Xmx"),
                size(javaOpts, "-XX:MaxMetaspaceSize="),
                size(javaOpts, "-XX:ReservedCodeCacheSize="),
                size(javaOpts, "-XX:MaxDirectMemorySize="),
                size(javaOpts, "-Xss") == 0 ? 512 : sizeKib(javaOpts, "-Xss"));
    }

    public long maxMib() {
        return heapMib + metaspaceMib + codeCacheMib + directMib + THREADS * stackKib / 1024 + NATIVE_MIB;
    }

    /** "256m" → 256, "1g" → 1024, in MiB; fails when the flag is missing. */
    static long size(String opts, String flag) {
        return sizeKib(opts, flag) / 1024;
    }

    static long sizeKib(String opts, String flag) {
        var m = Pattern.compile("(?:^|\\s)" + Pattern.quote(flag) + "(\\d+)([kKmMgG])")
                .matcher(opts);
        if (!m.find()) {
            throw new AssertionError(
                    "JAVA_OPTS has no " + flag + "<size>: that part of the JVM's memory is uncapped: " + opts);
        }
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> n;
            case 'm' -> n * 1024;
            default -> n * 1024 * 1024;
        };
    }

    /** "640m", "640Mi", "1Gi" → MiB. */
    public static long limitMib(String limit) {
        var m = Pattern.compile("(\\d+)\\s*([mMgG])i?[bB]?").matcher(limit.strip());
        if (!m.matches()) {
            throw new AssertionError("unreadable memory limit " + limit);
        }
        long n = Long.parseLong(m.group(1));
        return Character.toLowerCase(m.group(2).charAt(0)) == 'g' ? n * 1024 : n;
    }
}
