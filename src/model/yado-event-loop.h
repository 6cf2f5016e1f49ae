/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * libvirt delivers events, keepalive probes and close notifications
 * through an event loop. Since libvirt 6.x its default implementation is
 * built on GLib and attaches its sources to the global default
 * GMainContext, the one GTK runs: the main loop dispatches them. (A thread
 * of our own running virEventRunDefaultImpl() would iterate that same
 * context and steal the main thread's sources, so there is none.)
 *
 * What runs there is libvirt's non-blocking socket I/O and our callbacks,
 * which only copy what they got and queue it (yado_event_loop_dispatch);
 * no blocking libvirt call ever runs on the main thread.
 *
 * Call once, before opening any connection. Safe to call again.
 */
void yado_event_loop_ensure_registered (void);

/* Queues @func (data) on @context (NULL: the global default context); it
 * runs in a later iteration, never inside the caller, so a libvirt
 * callback returns before anything reacts to it. @destroy frees @data. */
void yado_event_loop_dispatch (GMainContext  *context,
                               GSourceFunc    func,
                               gpointer       data,
                               GDestroyNotify destroy);

G_END_DECLS
