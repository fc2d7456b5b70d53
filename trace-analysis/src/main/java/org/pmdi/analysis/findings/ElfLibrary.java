package org.pmdi.analysis.findings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds ELF files by GNU build id in a search path (files, or directories searched up to
 * three levels deep), reading each file once, lazily.
 *
 * <pre>{@code
 * ElfLibrary lib = ElfLibrary.of(List.of(Path.of("build/ap-kernel-traced")));
 * String at = lib.symbolize(fault.buildIdHex(), fault.rip());
 * }</pre>
 *
 * Unreadable entries are skipped. Not thread-safe (it caches).
 */
public final class ElfLibrary implements Symbolizer {
    private final List<Path> searchPath;
    private Map<String, Path> byId;
    private final Map<String, ElfSymbols> loaded = new HashMap<>();

    private ElfLibrary(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** A library over {@code searchPath} (not null; may be empty). */
    public static ElfLibrary of(List<Path> searchPath) {
        if (searchPath == null) {
            throw new IllegalArgumentException("searchPath must not be null");
        }
        return new ElfLibrary(searchPath);
    }

    /** The ELF file with this build id, or null. */
    public Path find(String buildIdHex) {
        if (byId == null) {
            byId = new HashMap<>();
            for (Path p : searchPath) {
                scan(p);
            }
        }
        return byId.get(buildIdHex);
    }

    private void scan(Path p) {
        if (Files.isRegularFile(p)) {
            String id = ElfSymbols.buildIdOf(p);
            if (!id.isEmpty()) {
                byId.putIfAbsent(id, p);
            }
            return;
        }
        if (!Files.isDirectory(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p, 3)) {
            s.filter(Files::isRegularFile).filter(ElfLibrary::looksElf).forEach(f -> {
                String id = ElfSymbols.buildIdOf(f);
                if (!id.isEmpty()) {
                    byId.putIfAbsent(id, f);
                }
            });
        } catch (IOException | RuntimeException e) {
            // an unreadable directory contributes nothing
        }
    }

    private static boolean looksElf(Path f) {
        try (var in = Files.newInputStream(f)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String symbolize(String buildIdHex, long address) {
        Path p = find(buildIdHex);
        if (p == null) {
            return null;
        }
        ElfSymbols e = loaded.get(buildIdHex);
        if (e == null) {
            try {
                e = ElfSymbols.read(p);
            } catch (IOException ex) {
                return null;
            }
            loaded.put(buildIdHex, e);
        }
        return e.symbolize(address);
    }
}
