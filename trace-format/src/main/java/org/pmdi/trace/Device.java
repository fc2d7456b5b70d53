package org.pmdi.trace;

/**
 * A DEVICE entry of the session header: a device the AP uses through Linux.
 *
 * <pre>{@code
 * Device d = Device.of(0, DeviceClass.BLOCK.code(), 0, 512, 1L << 30, "vda", "virtio_blk");
 * Device n = Device.of(2, DeviceClass.NET.code(), 0, 0, 0, "eth1", "virtio_net")
 *         .withNic(Device.Nic.of(0x525400504d41L, 1514));
 * }</pre>
 *
 * @param id          0..255, as in REQ_POST's dev argument
 * @param deviceClass 0..255 ({@link DeviceClass} names the known ones)
 * @param flags       0..65535
 * @param blockSize   0..2^32-1 bytes (0 when not a block device)
 * @param capacity    u64 bit pattern, bytes (0 when not a block device)
 * @param name        Linux device name, not null, at most 255 UTF-8 bytes
 * @param driver      Linux driver name, not null, at most 255 UTF-8 bytes
 * @param nic         a network device's MAC and largest frame (format v1), or null: not a
 *                    NIC, or a header written without them
 */
public record Device(int id, int deviceClass, int flags, long blockSize, long capacity, String name,
        String driver, Nic nic) {
    /**
     * A network device's tail of the DEVICE TLV.
     *
     * @param mac    the 48-bit MAC address, first octet in bits 47..40
     * @param maxLen 0..2^32-1, the largest frame in bytes (MTU + 14)
     */
    public record Nic(long mac, long maxLen) {
        public Nic {
            Checks.range("mac", mac, 0, 0xffff_ffff_ffffL);
            Checks.range("maxLen", maxLen, 0, 0xffffffffL);
        }

        public static Nic of(long mac, long maxLen) {
            return new Nic(mac, maxLen);
        }

        /** "52:54:00:50:4d:41". */
        public String macString() {
            StringBuilder sb = new StringBuilder(17);
            for (int shift = 40; shift >= 0; shift -= 8) {
                if (shift != 40) {
                    sb.append(':');
                }
                sb.append(String.format("%02x", mac >>> shift & 0xff));
            }
            return sb.toString();
        }
    }

    public Device {
        Checks.range("id", id, 0, 255);
        Checks.range("deviceClass", deviceClass, 0, 255);
        Checks.range("flags", flags, 0, 65535);
        Checks.range("blockSize", blockSize, 0, 0xffffffffL);
        Checks.notNull("name", name);
        Checks.notNull("driver", driver);
    }

    public static Device of(int id, int deviceClass, int flags, long blockSize, long capacity, String name,
            String driver) {
        return new Device(id, deviceClass, flags, blockSize, capacity, name, driver, null);
    }

    /** This device with {@code nic} (null: none). */
    public Device withNic(Nic nic) {
        return new Device(id, deviceClass, flags, blockSize, capacity, name, driver, nic);
    }

    /** The class, or null for a code this version does not know. */
    public DeviceClass deviceClassEnum() {
        return DeviceClass.fromCode(deviceClass);
    }
}
