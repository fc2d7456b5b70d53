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
 * rng_feed to appear (the module may load and unload many times). A reader
 * process keeps a pipe of at most 64 KiB filled from the hwrng; the writer
 * (the pid init records) hands it on, sleeping in its write while the pool is
 * full; stopping the writer (SIGSTOP) stops the bytes. A static binary: the
 * initramfs has no libc.
 *
 *   pmdi-rngfeed [SOURCE [FEED]]   defaults /dev/hwrng, /sys/devices/platform/pmdi/rng_feed
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 4096

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The reader: /dev/hwrng into the pipe, without end. It blocks once the pipe
 * is full (64 KiB), so the hwrng is read ahead of the pool by at most that.
 */
static void reader(const char *src, int out)
{
	static unsigned char buf[CHUNK];
	int in = -1, said = 0;

	for (;;) {
		ssize_t n, w, off;

		if (in < 0) {
			in = open(src, O_RDONLY);
			if (in < 0) {
				if (!said++)
					fprintf(stderr, "pmdi-rngfeed: %s: %s (retrying)\n", src,
						strerror(errno));
				nap_ms(1000);
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
				_exit(1);	/* the writer is gone */
		}
	}
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : "/dev/hwrng";
	const char *dst = argc > 2 ? argv[2] : "/sys/devices/platform/pmdi/rng_feed";
	static unsigned char buf[CHUNK];
	int out = -1, p[2];
	pid_t child;

	/*
	 * Two processes joined by a pipe, so that reading the hwrng (the slow
	 * part: Linux asks virtio-rng for 64 bytes at a time) goes on while the
	 * previous chunk is handed to the module.
	 */
	if (pipe(p)) {
		perror("pmdi-rngfeed: pipe");
		return 1;
	}
	child = fork();
	if (child < 0) {
		perror("pmdi-rngfeed: fork");
		return 1;
	}
	if (!child) {
		close(p[0]);
		reader(src, p[1]);
	}
	close(p[1]);
	for (;;) {
		ssize_t n, w, off;

		if (out < 0) {
			/* The module is not loaded: look again soon. */
			out = open(dst, O_WRONLY);
			if (out < 0) {
				nap_ms(50);
				continue;
			}
		}
		n = read(p[0], buf, sizeof(buf));
		if (n <= 0) {
			fprintf(stderr, "pmdi-rngfeed: the reader of %s is gone\n", src);
			return 1;
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
		}
	}
}
