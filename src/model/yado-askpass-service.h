/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yado-auth-request.h"

G_BEGIN_DECLS

/*
 * YadoAskpassService: where ssh's questions arrive. yado-askpass (run by
 * the ssh that libvirt runs for a +ssh connection) connects to a unix
 * socket in Yado's private ssh directory, one per Yado process, and sends
 * its question (yado-askpass-protocol.h). The service turns it into a
 * YadoAuthRequest and emits "request"; the answer goes back when the
 * request completes. Main thread only; nothing here waits.
 *
 * Signal "request" (YadoAuthRequest *request) → gboolean: a handler that
 * takes the request returns TRUE and completes it later. Untaken requests
 * are declined at once (no one is there to ask).
 *
 * A declined credentials request also stops the ssh that asked (it would
 * ask twice more), so the connection fails at once.
 */
#define YADO_TYPE_ASKPASS_SERVICE (yado_askpass_service_get_type ())
G_DECLARE_FINAL_TYPE (YadoAskpassService, yado_askpass_service, YADO, ASKPASS_SERVICE, GObject)

/* The process's service (a new reference), listening from the first
 * call; its socket goes when the last reference does. NULL with @error
 * when the private directory or the socket cannot be made. */
YadoAskpassService *yado_askpass_service_get_default (GError **error);

const char         *yado_askpass_service_get_path    (YadoAskpassService *self);

G_END_DECLS
