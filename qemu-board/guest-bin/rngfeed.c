// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * pmdi-rngfeed: the guest's feeder of the dispatcher's RNG device. Reads
 * Linux's hardware RNG (/dev/hwrng: the virtio-rng driver on the board) and
 * writes the bytes to the module's rng_feed (an attribute of its platform
 * device, /sys/devices/platform/pmdi/rng_feed), whose pool serves the AP's
 * RNG READs. Linux 6.1 has no in-kernel reader of the current
 * hwrng (rng_get_data() is static; kernel_read() of /dev/hwrng fails, its
 * file operations have no read_iter), hence this program.
 *
 * Started by the board's init before the module loads; it waits for
 * rng_feed to appear (the module may load and unload many times) and reads
 * the hwrng only when there is somewhere to put the bytes: its write sleeps
 * while the pool is full. A static binary: the initramfs has no libc.
 *
 *   pmdi-rngfeed [SOURCE [FEED]]   defaults /dev/hwrng, /sys/devices/platform/pmdi/rng_feed
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 4096

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : "/dev/hwrng";
	const char *dst = argc > 2 ? argv[2] : "/sys/devices/platform/pmdi/rng_feed";
	static unsigned char buf[CHUNK];
	int in = -1, out = -1, said_src = 0;

	for (;;) {
		ssize_t n, w, off;

		if (in < 0) {
			in = open(src, O_RDONLY);
			if (in < 0) {
				if (!said_src++)
					fprintf(stderr, "pmdi-rngfeed: %s: %s (retrying)\n", src,
						strerror(errno));
				nap_ms(1000);
				continue;
			}
		}
		if (out < 0) {
			/* The module is not loaded: look again soon. */
			out = open(dst, O_WRONLY);
			if (out < 0) {
				nap_ms(50);
				continue;
			}
		}
		n = read(in, buf, sizeof(buf));
		if (n <= 0) {
			fprintf(stderr, "pmdi-rngfeed: read %s: %s\n", src,
				n ? strerror(errno) : "end of file");
			close(in);
			in = -1;
			nap_ms(1000);
			continue;
		}
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, n - off);
			if (w <= 0)
				break;
		}
		/* Bytes that went nowhere are not kept: entropy is used once. */
		memset(buf, 0, sizeof(buf));
		if (off < n) {
			/* ESHUTDOWN, ENOENT...: the module is unloading; reopen later. */
			close(out);
			out = -1;
			nap_ms(50);
			continue;
		}
	}
	return 0;
}
