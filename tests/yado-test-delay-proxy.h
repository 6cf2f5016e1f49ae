/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A slow link for a test: a TCP proxy on 127.0.0.1 (a free port) in
 * front of 127.0.0.1:@target_port. Each accepted connection gets one of
 * its own to the target, and every chunk read on either side is written
 * to the other @delay_ms after it was read, in order (throughput is not
 * limited: what is read meanwhile queues up). This kernel has no netem;
 * this is its 2 x @delay_ms of round trip.
 *
 * It runs on threads of its own, never on a main context: it is there to
 * be slow without slowing down the main loop the test measures.
 */
typedef struct _YadoTestDelayProxy YadoTestDelayProxy;

YadoTestDelayProxy *yado_test_delay_proxy_start    (guint    target_port,
                                                    guint    delay_ms,
                                                    GError **error);
/* Closes the listening socket and every connection, joins every thread. */
void                yado_test_delay_proxy_free     (YadoTestDelayProxy *proxy);

guint               yado_test_delay_proxy_get_port (YadoTestDelayProxy *proxy);
/* How many connections it accepted so far. */
guint               yado_test_delay_proxy_count_connections (YadoTestDelayProxy *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoTestDelayProxy, yado_test_delay_proxy_free)

G_END_DECLS
