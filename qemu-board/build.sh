#!/usr/bin/env bash
# Build everything the QEMU board boots, into build/board/:
#   ap/pmdi-ap.elf, ap/pmdi-ap-fault.elf   the AP kernel images (ELF; the
#   ap/pmdi-ap.bin, ap/pmdi-ap-fault.bin   legacy flat images from them)
#   ap-rust/pmdi-ap-rust.elf               the Rust AP kernel (ELF image)
#   module/pmdi_dispatcher.ko              the Linux module
#   guest-bin/pmdi-*                       the guest's static programs (rngfeed, netframes)
#   initramfs.cpio.gz                      busybox, virtio modules, the module,
#                                          /lib/firmware/pmdi/*, guest scripts,
#                                          guest-bin/ in /bin
#   vmlinuz                                link to Debian's kernel
#   disks/vda.img, disks/vdb.img           default scratch disks
# Idempotent and incremental (make decides what to rebuild). Nothing is
# downloaded: everything comes from installed Debian packages.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KVER=$(pmdi_kver)
MODDIR=/lib/modules/$KVER
mkdir -p "$PMDI_OUT"

for tool in gcc ld objcopy make cpio gzip; do
	command -v "$tool" >/dev/null || pmdi_die "missing $tool (apt-get install build-essential cpio)"
done
BUSYBOX=${PMDI_BUSYBOX:-/bin/busybox}
[ -x "$BUSYBOX" ] || pmdi_die "missing $BUSYBOX (apt-get install busybox-static)"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
	pmdi_die "$BUSYBOX is dynamically linked; apt-get install busybox-static"
fi

# 1. AP kernel images.
make -s -C "$PMDI_ROOT/ap-kernel-traced" O="$PMDI_OUT/ap"
# The Rust AP kernel (an ELF image): Debian's rustc, called by its Makefile.
[ -x /usr/bin/rustc ] || pmdi_die "missing /usr/bin/rustc (apt-get install rustc)"
make -s -C "$PMDI_ROOT/ap-kernel-rust" O="$PMDI_OUT/ap-rust"

# 2. The module, built in a copy of its sources so the tree stays clean.
mkdir -p "$PMDI_OUT/module"
( cd "$PMDI_ROOT/dispatcher-module-traced" &&
  find . -name '*.[chS]' -o -name Kbuild -o -name Makefile | cpio -pdmu --quiet "$PMDI_OUT/module" )
mkdir -p "$PMDI_OUT/module/include/pmdi"
cp "$PMDI_ROOT"/interface/include/pmdi/*.h "$PMDI_OUT/module/include/pmdi/"
make -s -C "$PMDI_OUT/module" KVER="$KVER" 2>&1 >/dev/null | { grep -v 'Skipping BTF generation' || true; } >&2
# The AP's trampoline is copied to the low page: a relocation in it would be
# resolved for the module's address, not the page's.
if readelf -rW "$PMDI_OUT/module/pmdi_trampoline.o" | grep -q '^Relocation section'; then
	readelf -rW "$PMDI_OUT/module/pmdi_trampoline.o" >&2
	pmdi_die "pmdi_trampoline.S has relocations: it must be position independent"
fi

# 3. Firmware files: the two images and the broken ones the tests need.
FW=$PMDI_OUT/firmware/pmdi
mkdir -p "$FW"
cp -u "$PMDI_OUT/ap/pmdi-ap.elf" "$PMDI_OUT/ap/pmdi-ap-fault.elf" \
	"$PMDI_OUT/ap/pmdi-ap.bin" "$PMDI_OUT/ap/pmdi-ap-fault.bin" "$FW/"
cp -u "$PMDI_OUT/ap-rust/pmdi-ap-rust.elf" "$FW/"
if [ "$FW/pmdi-ap.bin" -nt "$FW/bad-abi.bin" ] || [ ! -e "$FW/bad-abi.bin" ]; then
	# wrong ABI version: field abi_version at offset 4
	cp "$FW/pmdi-ap.bin" "$FW/bad-abi.bin"
	printf '\x63\x00\x00\x00' | dd of="$FW/bad-abi.bin" bs=1 seek=4 conv=notrunc status=none
	# not an image at all
	head -c 4096 /dev/zero | tr '\0' 'x' > "$FW/bad-magic.bin"
	# cut short: the header promises more than the file has
	head -c 2048 "$FW/pmdi-ap.bin" > "$FW/truncated.bin"
fi
# Broken ELF files, one defect each, made from the real kernel by a host
# tool that checks each against the loader's validator (interface/test/bad_elf.c),
# and pmdi-ap-stack64k.elf (asks for a 64 KiB boot stack). Debug info
# stripped first: only headers and notes matter here.
BADELF=$PMDI_OUT/tools/bad_elf
if [ "$PMDI_OUT/ap/pmdi-ap.elf" -nt "$FW/bad-elf-pie.elf" ] || [ ! -e "$FW/bad-elf-pie.elf" ] ||
   [ "$PMDI_ROOT/interface/test/bad_elf.c" -nt "$FW/bad-elf-pie.elf" ]; then
	mkdir -p "$PMDI_OUT/tools"
	gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$PMDI_ROOT/interface/include" \
		-o "$BADELF" "$PMDI_ROOT/interface/test/bad_elf.c"
	objcopy --strip-debug "$PMDI_OUT/ap/pmdi-ap.elf" "$PMDI_OUT/tools/pmdi-ap.nodebug.elf"
	"$BADELF" "$PMDI_OUT/tools/pmdi-ap.nodebug.elf" "$FW" > "$PMDI_OUT/tools/bad_elf.log" ||
		{ cat "$PMDI_OUT/tools/bad_elf.log"; pmdi_die "bad_elf could not make the refusal test files"; }
fi

# 4. The guest's own small programs (static: the initramfs has no libc):
# pmdi-rngfeed, /dev/hwrng into the module's RNG pool; pmdi-netframes, the
# NET_FRAME records of a saved trace_pipe checked against the echo datagrams.
GUESTBIN=$PMDI_OUT/guest-bin
mkdir -p "$GUESTBIN"
for src in "$PMDI_BOARD_DIR"/guest-bin/*.c; do
	bin=$GUESTBIN/pmdi-$(basename "$src" .c)
	if [ ! -e "$bin" ] || [ "$src" -nt "$bin" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -I"$PMDI_ROOT/interface/include" \
			-I"$PMDI_ROOT/interface/fuzz" -o "$bin" "$src" ||
			pmdi_die "cannot build $src (static glibc: apt-get install libc6-dev)"
	fi
done

# 5. initramfs.
ROOTFS=$PMDI_OUT/initramfs-root
INITRD=$PMDI_OUT/initramfs.cpio.gz
inputs_newer() {
	[ ! -e "$INITRD" ] && return 0
	[ -n "$(find "$PMDI_BOARD_DIR/guest" "$PMDI_OUT/module/pmdi_dispatcher.ko" "$FW" "$GUESTBIN" \
		"$PMDI_BOARD_DIR/build.sh" -newer "$INITRD" -print -quit)" ]
}
if inputs_newer; then
	rm -rf "$ROOTFS"
	mkdir -p "$ROOTFS"/{bin,sbin,dev,proc,sys,tmp,run,etc,root,lib/firmware,lib/modules/pmdi,pmdi}
	cp "$BUSYBOX" "$ROOTFS/bin/busybox"
	cp "$GUESTBIN"/pmdi-* "$ROOTFS/bin/"
	ln -s busybox "$ROOTFS/bin/sh"
	# Virtio drivers, dependencies first (from modules.dep).
	declare -A seen=()
	order=()
	add_mod() {
		local m=$1 dep
		[ -n "${seen[$m]:-}" ] && return
		seen[$m]=1
		for dep in $(awk -v m="$m:" '$1 == m { for (i = 2; i <= NF; i++) print $i }' "$MODDIR/modules.dep"); do
			add_mod "$dep"
		done
		order+=("$m")
	}
	for m in kernel/drivers/virtio/virtio_pci.ko kernel/drivers/block/virtio_blk.ko \
		 kernel/drivers/net/virtio_net.ko kernel/drivers/char/hw_random/virtio-rng.ko; do
		grep -q "^$m:" "$MODDIR/modules.dep" || pmdi_die "$m not in $MODDIR/modules.dep"
		add_mod "$m"
	done
	: > "$ROOTFS/etc/modules.order"
	for m in "${order[@]}"; do
		mkdir -p "$ROOTFS/lib/modules/$KVER/$(dirname "$m")"
		case $m in
		*.ko) cp "$MODDIR/$m" "$ROOTFS/lib/modules/$KVER/$m" ;;
		*.ko.xz) xz -dc "$MODDIR/$m" > "$ROOTFS/lib/modules/$KVER/${m%.xz}"; m=${m%.xz} ;;
		*.ko.zst) zstd -qdc "$MODDIR/$m" > "$ROOTFS/lib/modules/$KVER/${m%.zst}"; m=${m%.zst} ;;
		esac
		echo "/lib/modules/$KVER/$m" >> "$ROOTFS/etc/modules.order"
	done
	cp "$PMDI_OUT/module/pmdi_dispatcher.ko" "$ROOTFS/lib/modules/pmdi/"
	cp -r "$FW" "$ROOTFS/lib/firmware/"
	cp "$PMDI_BOARD_DIR"/guest/* "$ROOTFS/pmdi/"
	mv "$ROOTFS/pmdi/init" "$ROOTFS/init"
	chmod 755 "$ROOTFS/init" "$ROOTFS"/pmdi/*.sh
	echo "$KVER" > "$ROOTFS/etc/pmdi-kver"
	( cd "$ROOTFS" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 ) | gzip -1 > "$INITRD.tmp"
	mv "$INITRD.tmp" "$INITRD"
fi

# 6. Kernel and default disks.
ln -sfn "/boot/vmlinuz-$KVER" "$PMDI_OUT/vmlinuz"
mkdir -p "$PMDI_OUT/disks"
for d in vda vdb; do
	[ -e "$PMDI_OUT/disks/$d.img" ] || truncate -s 16M "$PMDI_OUT/disks/$d.img"
done

cat <<MSG
pmdi board built (kernel $KVER):
  kernel     $PMDI_OUT/vmlinuz
  initramfs  $INITRD
  module     $PMDI_OUT/module/pmdi_dispatcher.ko
  AP images  $PMDI_OUT/ap/pmdi-ap.elf  $PMDI_OUT/ap/pmdi-ap-fault.elf, flat .bin too (guest: /lib/firmware/pmdi/)
             $PMDI_OUT/ap-rust/pmdi-ap-rust.elf (the Rust kernel, guest: /lib/firmware/pmdi/)
  disks      $PMDI_OUT/disks/vda.img  $PMDI_OUT/disks/vdb.img
MSG
