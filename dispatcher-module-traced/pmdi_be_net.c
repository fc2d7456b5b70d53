// SPDX-License-Identifier: GPL-2.0
/*
 * pmdi_be_net.c - the AP's network device: one NIC that Linux's own driver
 * (virtio_net on the board) runs, whose frames go to the AP instead of
 * Linux's network stack.
 *
 * Load: the NIC is found by its MAC (module parameter ap_mac). A NIC with
 * an IPv4 address is Linux's and is left alone. Otherwise the module takes
 * its frames (netdev_rx_handler_register: every frame, before Linux's
 * stack sees it), turns GRO and LRO off (a merged frame would not fit a
 * receive buffer) and brings it up if it was down. Unload gives it back as
 * found.
 *
 * SEND runs in the pmdi-mbox worker (process context: the transmit path
 * enables bottom halves). The frame is copied into an skb of Linux's own,
 * so the AP may reuse its buffer as soon as the completion arrives.
 *
 * RECV buffers are taken in the drain into the NIC's receive pool, a FIFO
 * of at most PMDI_NET_RX_POOL copies of their requests; they hold no credit
 * and no struct pmdi_io (pmdi_mbox.h: credit_limit). A frame (rx handler,
 * softirq) fills the oldest and completes it; a frame that finds none is
 * dropped, counted and traced (NET_DROP).
 *
 * Link changes (netdev notifier, rtnl held) go to the AP as events.
 *
 * Frame capture (NET_FRAME, class frame): the first trace_snap bytes of
 * every frame, from Linux's own copy (the skb), never from the AP's memory:
 * tx right before it is handed to the driver, rx right before the RECV's
 * DRV_END, a dropped frame right after its NET_DROP.
 *
 * Lifetimes: the rx handler can reach the pool and the window until
 * netdev_rx_handler_unregister() returns (it waits for running handlers);
 * that happens at unload before the waiting buffers are failed and before
 * the window is freed. The worker reaches the net_device only through
 * ndev (RCU) and its own reference, so a NIC that goes away (its driver
 * unbound) is let go at once: NETDEV_UNREGISTER clears ndev, waits for
 * readers and drops the module's reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include "pmdi.h"
#include "pmdi_mbox.h"
#include "pmdi_trace.h"

/* Offloads that would hand the AP frames longer than the MTU. */
#define PMDI_NET_MERGING	(NETIF_F_GRO | NETIF_F_LRO)

struct pmdi_net_rxbuf {
	struct pmdi_mbox_req rq;	/* Linux's checked copy */
	u64 seq;
};

struct pmdi_net {
	struct pmdi_mbox *mb;
	unsigned int dev;		/* index in the device table */
	struct net_device __rcu *ndev;	/* NULL once the NIC went away */
	struct net_device *held;	/* our reference (rtnl) */
	bool opened;			/* we brought it up: close it at unload */
	bool rx_registered;		/* (rtnl) */
	bool nb_registered;
	bool closing;			/* (rtnl) unload: notifier calls are replays */
	netdev_features_t saved;	/* wanted_features & PMDI_NET_MERGING as found */
	int link;			/* (rtnl) last state told the AP, -1 none */
	struct notifier_block nb;

	spinlock_t rx_lock;		/* the pool; taken in hardirq and softirq */
	bool gone;			/* (rx_lock) no new buffer is kept */
	u32 head, count;		/* (rx_lock) FIFO */
	struct pmdi_net_rxbuf pool[PMDI_NET_RX_POOL];

	atomic64_t rx_frames, rx_drops, rx_oversize, tx_frames, tx_errors, tx_link_down;
	atomic64_t pool_full, link_changes;
};

/* ---- link state, told the AP ------------------------------------------- */

static void pmdi_net_link(struct pmdi_net *net, bool force)
{
	struct net_device *dev = rtnl_dereference(net->ndev);
	struct pmdi_mbox *mb = net->mb;
	u8 up = dev && netif_running(dev) && netif_carrier_ok(dev);

	ASSERT_RTNL();
	if (!force && up == net->link)
		return;
	net->link = up;
	atomic64_inc(&net->link_changes);
	if (pmdi_tracing(mb->trace, PMDI_CLASS_EVENT))
		pmdi_trace_emit(mb->trace, PMDI_EV_NET_LINK, 0, (net->dev & 0xff) | up << 8);
	pmdi_mbox_event(mb, net->dev, PMDI_MBOX_EVT_LINK, &up, 1);
	pr_info("%s: link %s (event to the AP)\n", mb->devs[net->dev].name, up ? "up" : "down");
}

/* ---- frame capture ----------------------------------------------------- */

/* NET_FRAME of the @len-byte frame at @off in @skb (tracing on, any context). */
static void pmdi_net_trace_frame(struct pmdi_net *net, u32 req, u8 dir,
				 const struct sk_buff *skb, int off, u32 len)
{
	struct pmdi_trace *t = net->mb->trace;
	u8 blob[PMDI_BLOB_MAX];
	struct pmdi_blob_net_frame *h = (void *)blob;
	u32 n;

	if (!pmdi_tracing(t, PMDI_CLASS_FRAME) || !t->snap)
		return;
	n = min(len, t->snap);
	*h = (struct pmdi_blob_net_frame){ .dev = net->dev, .dir = dir, .len = len };
	if (skb_copy_bits(skb, off, blob + PMDI_NET_FRAME_HEAD, n))
		return;
	n += PMDI_NET_FRAME_HEAD;
	pmdi_trace_emit_ext(t, PMDI_EV_NET_FRAME, req, n, blob, n);
}

/* ---- the receive pool -------------------------------------------------- */

/* Let go of every waiting buffer with @status; none is kept afterwards. */
static void pmdi_net_flush(struct pmdi_net *net, int status, unsigned int reason)
{
	struct pmdi_net_rxbuf b;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&net->rx_lock, flags);
		net->gone = true;
		if (!net->count) {
			spin_unlock_irqrestore(&net->rx_lock, flags);
			return;
		}
		b = net->pool[net->head];
		net->head = (net->head + 1) % PMDI_NET_RX_POOL;
		net->count--;
		spin_unlock_irqrestore(&net->rx_lock, flags);
		pmdi_mbox_end_rx(net->mb, &b.rq, b.seq, status, 0, reason);
	}
}

/* In the drain (IRQs off): a RECV buffer joins the pool, or is refused. */
static bool pmdi_net_take(struct pmdi_mbox *mb, const struct pmdi_mbox_req *rq, u64 seq)
{
	struct pmdi_net *net = mb->net;
	unsigned int reason = PMDI_MBOX_R_OK;
	unsigned long flags;

	if (rq->op != PMDI_MBOX_OP_RECV)
		return false;
	spin_lock_irqsave(&net->rx_lock, flags);
	if (net->gone) {
		reason = PMDI_MBOX_R_LINK_DOWN;
	} else if (net->count >= PMDI_NET_RX_POOL) {
		reason = PMDI_MBOX_R_RX_POOL_FULL;
	} else {
		net->pool[(net->head + net->count) % PMDI_NET_RX_POOL] =
			(struct pmdi_net_rxbuf){ .rq = *rq, .seq = seq };
		net->count++;
		atomic_inc(&mb->rx_waiting);
		/* Under rx_lock: a frame cannot end it before its DRV_BEGIN. */
		if (pmdi_tracing(mb->trace, PMDI_CLASS_DRIVER))
			pmdi_trace_emit(mb->trace, PMDI_EV_DRV_BEGIN, rq->id, rq->dev);
	}
	spin_unlock_irqrestore(&net->rx_lock, flags);
	if (reason) {
		if (reason == PMDI_MBOX_R_RX_POOL_FULL)
			atomic64_inc(&net->pool_full);
		pmdi_mbox_refuse_taken(mb, rq, seq, reason);
	}
	return true;
}

/* A frame for the AP (softirq, RCU): into the oldest buffer, or dropped. */
static rx_handler_result_t pmdi_net_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct pmdi_net *net = rcu_dereference(skb->dev->rx_handler_data);
	struct pmdi_mbox *mb = net->mb;
	struct pmdi_net_rxbuf b;
	unsigned long flags;
	bool have = false;
	int mac_off;
	void *dst;
	u32 len;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return RX_HANDLER_CONSUMED;
	mac_off = skb->data - skb_mac_header(skb);
	len = skb->len + mac_off;
	/* The device table promised max_len; a partial checksum is completed first. */
	if (mac_off < ETH_HLEN || len > mb->devs[net->dev].max_len ||
	    (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))) {
		atomic64_inc(&net->rx_oversize);
		goto drop;
	}
	spin_lock_irqsave(&net->rx_lock, flags);
	if (net->count) {
		b = net->pool[net->head];
		net->head = (net->head + 1) % PMDI_NET_RX_POOL;
		net->count--;
		have = true;
	}
	spin_unlock_irqrestore(&net->rx_lock, flags);
	if (!have) {
		atomic64_inc(&net->rx_drops);
		if (pmdi_tracing(mb->trace, PMDI_CLASS_HEALTH))
			pmdi_trace_emit(mb->trace, PMDI_EV_NET_DROP, 0,
					(net->dev & 0xff) | min_t(u32, len, 0xffffff) << 8);
		pmdi_net_trace_frame(net, 0, PMDI_FRAME_RX_DROP, skb, -mac_off, len);
		goto drop;
	}
	/* b.rq.len >= max_len >= len, inside the window: checked when it was taken. */
	dst = pmdi_mbox_window_va(mb, b.rq.buf, len);
	if (!dst || skb_copy_bits(skb, -mac_off, dst, len)) {
		pmdi_mbox_end_rx(mb, &b.rq, b.seq, -EIO, 0, PMDI_MBOX_R_DEVICE_ERROR);
		goto drop;
	}
	atomic64_inc(&net->rx_frames);
	pmdi_net_trace_frame(net, b.rq.id, PMDI_FRAME_RX, skb, -mac_off, len);
	pmdi_mbox_end_rx(mb, &b.rq, b.seq, 0, len, PMDI_MBOX_R_OK);
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
drop:
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/* ---- SEND, in the worker ----------------------------------------------- */

static void pmdi_net_send(struct pmdi_io *io)
{
	struct pmdi_mbox *mb = io->mb;
	struct pmdi_net *net = mb->net;
	const void *src = pmdi_mbox_window_va(mb, io->rq.buf, io->rq.len);
	struct net_device *dev;
	struct sk_buff *skb;
	int rc, hroom;

	rcu_read_lock();
	dev = rcu_dereference(net->ndev);
	if (dev)
		dev_hold(dev);
	rcu_read_unlock();
	if (!dev || !netif_running(dev) || !netif_carrier_ok(dev)) {
		if (dev)
			dev_put(dev);
		atomic64_inc(&net->tx_link_down);
		pmdi_io_done(io, -ENETDOWN, 0, PMDI_MBOX_R_LINK_DOWN);
		return;
	}
	/* The headroom and tailroom the driver asks for, as the stack's own frames have. */
	hroom = LL_RESERVED_SPACE(dev);
	skb = alloc_skb(hroom + io->rq.len + dev->needed_tailroom, GFP_KERNEL);
	if (!skb || !src) {
		kfree_skb(skb);
		dev_put(dev);
		pmdi_io_done(io, -ENOMEM, 0, PMDI_MBOX_R_NO_MEMORY);
		return;
	}
	skb_reserve(skb, hroom);
	/* The one read of the AP's frame: the driver sees only Linux's copy. */
	skb_put_data(skb, src, io->rq.len);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = eth_hdr(skb)->h_proto;
	pmdi_net_trace_frame(net, io->rq.id, PMDI_FRAME_TX, skb, 0, io->rq.len);
	rc = dev_queue_xmit(skb);
	/* net_xmit_eval() is a macro that evaluates its argument twice: not around the call. */
	rc = net_xmit_eval(rc);
	dev_put(dev);
	if (rc) {
		atomic64_inc(&net->tx_errors);
		pmdi_io_done(io, -ENOBUFS, 0, PMDI_MBOX_R_DEVICE_ERROR);
		return;
	}
	atomic64_inc(&net->tx_frames);
	pmdi_io_done(io, 0, io->rq.len, PMDI_MBOX_R_OK);
}

/* ---- the NIC going away, unload ---------------------------------------- */

/* rtnl held: the NIC is being unregistered, or unload lets go of it. */
static void pmdi_net_detach(struct pmdi_net *net)
{
	struct net_device *dev = rtnl_dereference(net->ndev);

	if (!dev)
		return;
	if (net->rx_registered) {
		/* Waits for handlers already running: none runs after this. */
		netdev_rx_handler_unregister(dev);
		net->rx_registered = false;
	}
	RCU_INIT_POINTER(net->ndev, NULL);
	synchronize_net();
}

static int pmdi_net_notify(struct notifier_block *nb, unsigned long what, void *ptr)
{
	struct pmdi_net *net = container_of(nb, struct pmdi_net, nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (net->closing || dev != net->held || !rtnl_dereference(net->ndev))
		return NOTIFY_DONE;
	switch (what) {
	case NETDEV_REGISTER:
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		pmdi_net_link(net, false);
		break;
	case NETDEV_UNREGISTER:
		pr_warn("%s went away (its driver let go of it): the AP has no network from now on\n",
			net->mb->devs[net->dev].name);
		pmdi_net_detach(net);
		pmdi_net_link(net, false);
		pmdi_net_flush(net, -ENODEV, PMDI_MBOX_R_DEVICE_ERROR);
		net->held = NULL;
		net->opened = false;
		dev_put(dev);
		break;
	}
	return NOTIFY_DONE;
}

/* The AP runs: tell it the link state, then every change. */
void pmdi_be_net_start(struct pmdi_mbox *mb)
{
	struct pmdi_net *net = mb->net;
	int ret;

	rtnl_lock();
	pmdi_net_link(net, true);
	rtnl_unlock();
	net->nb.notifier_call = pmdi_net_notify;
	ret = register_netdevice_notifier(&net->nb);
	if (ret)
		pr_warn("no link events for the AP: netdev notifier error %d\n", ret);
	else
		net->nb_registered = true;
}

/* Unload, once the worker has stopped: no frame reaches the pool from now on. */
static void pmdi_net_shutdown(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_net *net = mb->net;

	if (!net)
		return;
	if (net->nb_registered) {
		rtnl_lock();
		net->closing = true;
		rtnl_unlock();
		/* It replays DOWN and UNREGISTER for every NIC: ignored while closing. */
		unregister_netdevice_notifier(&net->nb);
		net->nb_registered = false;
	}
	rtnl_lock();
	if (net->rx_registered && rtnl_dereference(net->ndev)) {
		netdev_rx_handler_unregister(rtnl_dereference(net->ndev));
		net->rx_registered = false;
	}
	rtnl_unlock();
	pmdi_net_flush(net, -ESHUTDOWN, PMDI_MBOX_R_SHUTDOWN);
	if (atomic64_read(&net->rx_drops))
		pr_info("%s: %lld frames dropped because the AP had no receive buffer posted\n",
			mb->devs[net->dev].name, atomic64_read(&net->rx_drops));
}

/* After the AP is stopped and the worker gone: the NIC back as it was found. */
static void pmdi_net_release(struct pmdi_mbox *mb, unsigned int dev)
{
	struct pmdi_net *net = mb->net;
	struct net_device *nd;

	if (!net)
		return;
	rtnl_lock();
	nd = net->held;
	if (nd) {
		pmdi_net_detach(net);
		if ((nd->wanted_features & PMDI_NET_MERGING) != net->saved) {
			nd->wanted_features = (nd->wanted_features & ~PMDI_NET_MERGING) | net->saved;
			netdev_update_features(nd);
		}
		if (net->opened)
			dev_close(nd);
		net->held = NULL;
	}
	rtnl_unlock();
	if (nd) {
		dev_put(nd);
		pr_info("%s given back to Linux as found (%s)\n", mb->devs[dev].name,
			net->opened ? "down again" : "up");
	}
	mb->net = NULL;
	kfree(net);
}

/*
 * Find the NIC with MAC @mac_str and take it for the AP as device @dev.
 * Returns 0, 1 if there is none to take (the AP has no network; said in
 * dmesg), or a negative errno (a malformed ap_mac).
 */
int pmdi_be_net_open(struct pmdi_mbox *mb, unsigned int dev, const char *mac_str)
{
	struct pmdi_mbox_dev *d = &mb->devs[dev];
	struct net_device *nd = NULL, *it;
	struct in_device *in4;
	struct inet6_dev *in6;
	struct pmdi_net *net;
	const char *driver;
	u8 mac[ETH_ALEN];
	int ret;

	if (!mac_pton(mac_str, mac)) {
		pr_err("refused: ap_mac=%s is not a MAC address (aa:bb:cc:dd:ee:ff)\n", mac_str);
		return -EINVAL;
	}
	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net)
		return -ENOMEM;
	net->mb = mb;
	net->dev = dev;
	net->link = -1;
	spin_lock_init(&net->rx_lock);

	rtnl_lock();
	for_each_netdev(&init_net, it)
		if (ether_addr_equal(it->dev_addr, mac)) {
			nd = it;
			break;
		}
	if (!nd) {
		pr_info("no NIC with MAC %pM (ap_mac): the AP has no network device\n", mac);
		goto skip;
	}
	in4 = __in_dev_get_rtnl(nd);
	if (in4 && rtnl_dereference(in4->ifa_list)) {
		pr_err("%s (%pM) has an IPv4 address: Linux uses it, so it is not given to the AP (the board's init leaves that NIC unconfigured)\n",
		       nd->name, mac);
		goto skip;
	}
	if (nd->type != ARPHRD_ETHER || rtnl_dereference(nd->rx_handler)) {
		pr_err("%s (%pM) is not a plain Ethernet NIC or already has a receive handler (bridge, bond, macvlan): not given to the AP\n",
		       nd->name, mac);
		goto skip;
	}
	in6 = __in6_dev_get(nd);
	if (in6 && !in6->cnf.disable_ipv6)
		pr_warn("%s: IPv6 is on (Linux may send frames of its own from the AP's MAC); set /proc/sys/net/ipv6/conf/%s/disable_ipv6 to 1 before loading\n",
			nd->name, nd->name);
	ret = netdev_rx_handler_register(nd, pmdi_net_rx, net);
	if (ret) {
		pr_err("%s: cannot take its frames (rx handler: %d): not given to the AP\n",
		       nd->name, ret);
		goto skip;
	}
	net->rx_registered = true;
	dev_hold(nd);
	net->held = nd;
	rcu_assign_pointer(net->ndev, nd);
	net->saved = nd->wanted_features & PMDI_NET_MERGING;
	if (net->saved) {
		nd->wanted_features &= ~PMDI_NET_MERGING;
		netdev_update_features(nd);
	}
	if (!(nd->flags & IFF_UP)) {
		ret = dev_open(nd, NULL);
		if (ret)
			pr_warn("%s: cannot bring it up (%d): SEND fails with LINK_DOWN\n",
				nd->name, ret);
		else
			net->opened = true;
	}
	mb->net = net;
	strscpy(d->name, nd->name, sizeof(d->name));
	driver = nd->dev.parent && nd->dev.parent->driver ? nd->dev.parent->driver->name : "net";
	strscpy(d->driver, driver, sizeof(d->driver));
	ether_addr_copy(d->mac, nd->dev_addr);
	d->max_len = nd->mtu + ETH_HLEN;
	d->align = 1;
	d->rx_pool = PMDI_NET_RX_POOL;
	rtnl_unlock();
	pr_info("device %u: %s (%s), MAC %pM, frames up to %u bytes, %u receive buffers; its frames go to the AP, not to Linux\n",
		dev, d->name, d->driver, d->mac, d->max_len, d->rx_pool);
	return 0;

skip:
	rtnl_unlock();
	kfree(net);
	return 1;
}

/* ---- debugfs net ---------------------------------------------------------- */

static int net_show(struct seq_file *m, void *v)
{
	struct pmdi_mbox *mb = m->private;
	struct pmdi_net *net = mb->net;
	unsigned long flags;
	u32 depth;

	if (!net) {
		seq_puts(m, "device: none\n");
		return 0;
	}
	spin_lock_irqsave(&net->rx_lock, flags);
	depth = net->count;
	spin_unlock_irqrestore(&net->rx_lock, flags);
	seq_printf(m, "device: %u %s %s mac %pM max_len %u\n", net->dev, mb->devs[net->dev].name,
		   mb->devs[net->dev].driver, mb->devs[net->dev].mac, mb->devs[net->dev].max_len);
	seq_printf(m, "link: %s\nlink_events: %lld\n",
		   net->link < 0 ? "unknown" : net->link ? "up" : "down",
		   atomic64_read(&net->link_changes));
	seq_printf(m, "rx_frames: %lld\nrx_drops: %lld\nrx_oversize: %lld\n",
		   atomic64_read(&net->rx_frames), atomic64_read(&net->rx_drops),
		   atomic64_read(&net->rx_oversize));
	seq_printf(m, "tx_frames: %lld\ntx_errors: %lld\ntx_link_down: %lld\n",
		   atomic64_read(&net->tx_frames), atomic64_read(&net->tx_errors),
		   atomic64_read(&net->tx_link_down));
	seq_printf(m, "pool: %u of %u\npool_full: %lld\n", depth, PMDI_NET_RX_POOL,
		   atomic64_read(&net->pool_full));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(net);

void pmdi_be_net_debugfs(struct pmdi_mbox *mb, struct dentry *dir)
{
	debugfs_create_file("net", 0444, dir, mb, &net_fops);
}

const struct pmdi_backend pmdi_be_net = {
	.name = "net",
	.sleeps = true,
	.submit = pmdi_net_send,
	.take = pmdi_net_take,
	.shutdown = pmdi_net_shutdown,
	.release = pmdi_net_release,
};
