package org.pmdi.trace;

/**
 * A DEVICE entry of the session header: a device the AP uses through Linux.
 *
 * <pre>{@code
 * Device d = Device.of(0, DeviceClass.BLOCK.code(), 0, 512, 1L << 30, "vda", "virtio_blk");
 * }</pre>
 *
 * @param id          0..255, as in REQ_POST's dev argument
 * @param deviceClass 0..255 ({@link DeviceClass} names the known ones)
 * @param flags       0..65535
 * @param blockSize   0..2^32-1 bytes (0 when not a block device)
 * @param capacity    u64 bit pattern, bytes (0 when not a block device)
 * @param name        Linux device name, not null, at most 255 UTF-8 bytes
 * @param driver      Linux driver name, not null, at most 255 UTF-8 bytes
 */
public record Device(int id, int deviceClass, int flags, long blockSize, long capacity, String name,
        String driver) {
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
        return new Device(id, deviceClass, flags, blockSize, capacity, name, driver);
    }

    /** The class, or null for a code this version does not know. */
    public DeviceClass deviceClassEnum() {
        return DeviceClass.fromCode(deviceClass);
    }
}
