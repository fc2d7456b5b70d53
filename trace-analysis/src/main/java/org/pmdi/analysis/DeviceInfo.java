package org.pmdi.analysis;

/**
 * A device as the report and the viewer show it.
 *
 * <pre>{@code
 * for (DeviceInfo d : snapshot.devices()) System.out.println(d.label() + ": " + d.completed());
 * }</pre>
 *
 * @param id          0..255, or -1 for requests whose device is unknown
 * @param name        Linux device name from the header, or "dev&lt;id&gt;"
 * @param driver      Linux driver, or ""
 * @param deviceClass class name in lower case ("block"), or "unknown"
 * @param completed   successful requests with a total latency recorded (failed ones: {@link
 *                    AnalysisSnapshot#errors(int)})
 * @param queueDepth  requests posted and not done at the snapshot
 * @param stuckThresholdNs the device's stuck threshold
 */
public record DeviceInfo(int id, String name, String driver, String deviceClass, long completed, int queueDepth,
        long stuckThresholdNs) {
    /** "vdb (virtio_blk)", or the name alone without a driver. */
    public String label() {
        return driver.isEmpty() ? name : name + " (" + driver + ")";
    }
}
