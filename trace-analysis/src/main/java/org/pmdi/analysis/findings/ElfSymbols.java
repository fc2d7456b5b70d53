package org.pmdi.analysis.findings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A minimal ELF64 little-endian reader: the GNU build id (NT_GNU_BUILD_ID note) and the
 * function/object symbols of .symtab (or .dynsym), for turning an address into
 * {@code name+0xoff}. No external tool.
 *
 * <pre>{@code
 * ElfSymbols elf = ElfSymbols.read(Path.of("build/ap-kernel/kernel.elf"));
 * String id = elf.buildIdHex();            // "" when the file has no build-id note
 * String at = elf.symbolize(0xffffffff80001234L);   // "fault_here+0x4", or null
 * }</pre>
 *
 * Throws IOException for a file that is not a well-formed ELF64 LE file. Immutable.
 */
public final class ElfSymbols {
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_NOTE = 7;
    private static final int SHT_DYNSYM = 11;
    private static final int NT_GNU_BUILD_ID = 3;

    private final String buildIdHex;
    private final long[] addr;
    private final long[] size;
    private final String[] names;

    private ElfSymbols(String buildIdHex, long[] addr, long[] size, String[] names) {
        this.buildIdHex = buildIdHex;
        this.addr = addr;
        this.size = size;
        this.names = names;
    }

    /** Reads {@code path} (not null). */
    public static ElfSymbols read(Path path) throws IOException {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return parse(Files.readAllBytes(path), path.toString());
    }

    /** Reads only the build id of {@code path}, or "" (not an ELF file, or no note). */
    public static String buildIdOf(Path path) {
        try {
            return read(path).buildIdHex();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static ElfSymbols parse(byte[] bytes, String what) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 64 || b.getInt(0) != 0x464c457f || bytes[4] != 2 || bytes[5] != 1) {
            throw new IOException(what + ": not an ELF64 little-endian file");
        }
        try {
            long shoff = b.getLong(0x28);
            int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
            int shnum = Short.toUnsignedInt(b.getShort(0x3c));
            String buildId = "";
            List<long[]> syms = new ArrayList<>();
            List<String> symNames = new ArrayList<>();
            int symtab = -1;
            for (int i = 0; i < shnum; i++) {
                int sh = Math.toIntExact(shoff + (long) i * shentsize);
                int type = b.getInt(sh + 4);
                if (type == SHT_NOTE && buildId.isEmpty()) {
                    buildId = note(b, Math.toIntExact(b.getLong(sh + 24)), Math.toIntExact(b.getLong(sh + 32)));
                } else if (type == SHT_SYMTAB || (type == SHT_DYNSYM && symtab < 0)) {
                    symtab = i;
                }
            }
            if (symtab >= 0) {
                int sh = Math.toIntExact(shoff + (long) symtab * shentsize);
                int off = Math.toIntExact(b.getLong(sh + 24));
                int sz = Math.toIntExact(b.getLong(sh + 32));
                int link = b.getInt(sh + 40);
                int strSh = Math.toIntExact(shoff + (long) link * shentsize);
                int strOff = Math.toIntExact(b.getLong(strSh + 24));
                for (int p = off; p + 24 <= off + sz; p += 24) {
                    int stType = bytes[p + 4] & 0xf;
                    long value = b.getLong(p + 8);
                    if ((stType == 1 || stType == 2) && value != 0) {
                        syms.add(new long[] {value, b.getLong(p + 16)});
                        symNames.add(cstring(bytes, strOff + b.getInt(p)));
                    }
                }
            }
            Integer[] order = new Integer[syms.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Long.compareUnsigned(syms.get(x)[0], syms.get(y)[0]));
            long[] a = new long[order.length];
            long[] s = new long[order.length];
            String[] n = new String[order.length];
            for (int i = 0; i < order.length; i++) {
                a[i] = syms.get(order[i])[0];
                s[i] = syms.get(order[i])[1];
                n[i] = symNames.get(order[i]);
            }
            return new ElfSymbols(buildId, a, s, n);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new IOException(what + ": malformed ELF64 file (" + e.getMessage() + ")", e);
        }
    }

    private static String note(ByteBuffer b, int off, int size) {
        int p = off;
        while (p + 12 <= off + size) {
            int namesz = b.getInt(p);
            int descsz = b.getInt(p + 4);
            int type = b.getInt(p + 8);
            int name = p + 12;
            int desc = name + ((namesz + 3) & ~3);
            if (type == NT_GNU_BUILD_ID && namesz == 4 && b.get(name) == 'G' && b.get(name + 1) == 'N'
                    && b.get(name + 2) == 'U') {
                byte[] d = new byte[descsz];
                b.get(desc, d);
                return HexFormat.of().formatHex(d);
            }
            p = desc + ((descsz + 3) & ~3);
        }
        return "";
    }

    private static String cstring(byte[] b, int off) {
        int e = off;
        while (e < b.length && b[e] != 0) {
            e++;
        }
        return new String(b, off, e - off, StandardCharsets.UTF_8);
    }

    /** Lower-case hex of the GNU build id, or "". */
    public String buildIdHex() {
        return buildIdHex;
    }

    public int symbolCount() {
        return names.length;
    }

    /** {@code name+0xoff} of the symbol containing {@code address}, or null. */
    public String symbolize(long address) {
        int lo = 0;
        int hi = addr.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addr[mid], address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0) {
            return null;
        }
        long off = address - addr[best];
        if (size[best] > 0 && Long.compareUnsigned(off, size[best]) >= 0) {
            return null;
        }
        return names[best] + "+0x" + Long.toHexString(off);
    }
}
