/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * A guest's text console (serial port, virtio console) as a plain socket.
 *
 * virDomainOpenConsole gives a virStream; libvirt's streams are blocking
 * calls, and the callbacks of a non-blocking one would run on the main
 * thread (libvirt's event loop is GLib's default main context). So the
 * stream is relayed to one end of a socket pair by two threads of its
 * own: one blocks in virStreamRecv and writes to the socket, the other
 * blocks reading the socket and calls virStreamSend (libvirt lets two
 * threads use one stream this way). The caller gets the other end and
 * reads and writes it from the main loop like any socket.
 *
 * When either side ends (the guest's console closed because the VM
 * stopped, the connection was lost, or the caller closed its end), the
 * relay ends the stream, closes its end, and the caller reads EOF.
 * Works over remote connections (qemu+ssh) too: the stream is libvirt's.
 */

/* Opens text console @alias ("serial0", "console1": YadoConsoleDevice's
 * alias; NULL for the domain's first console) on the connection's ops
 * worker.
 *
 * The console is opened with VIR_DOMAIN_CONSOLE_FORCE, as virt-manager
 * does: a session left open elsewhere (a forgotten `virsh console`, a
 * Yado window whose host went away) is closed rather than locking the
 * user out, and a pty has only one reader anyway. */
void yado_domain_open_text_console_async  (YadoDomain         *self,
                                           const char         *alias,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
/* The caller's end of the socket (blocking; close-on-exec), owned by the
 * caller; or -1 with @error set. */
int  yado_domain_open_text_console_finish (YadoDomain   *self,
                                           GAsyncResult *result,
                                           GError      **error);
/* The synchronous twin, for tests: iterates the thread-default main
 * context until the job is done. Never call it from UI code. */
int  yado_domain_open_text_console_sync   (YadoDomain   *self,
                                           const char   *alias,
                                           GCancellable *cancellable,
                                           GError      **error);

G_END_DECLS
