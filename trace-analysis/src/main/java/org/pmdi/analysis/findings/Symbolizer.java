package org.pmdi.analysis.findings;

/**
 * Turns an AP-kernel address into a symbol, given the kernel's build id.
 *
 * <pre>{@code
 * Symbolizer s = ElfLibrary.of(List.of(Path.of("build/ap-kernel")));
 * String at = s.symbolize("deadbeef...", rip);   // "fault_here+0x4", or null
 * }</pre>
 */
@FunctionalInterface
public interface Symbolizer {
    /** Never finds anything. */
    Symbolizer NONE = (buildIdHex, address) -> null;

    /** The symbol of {@code address} in the ELF whose build id is {@code buildIdHex}, or null. */
    String symbolize(String buildIdHex, long address);
}
