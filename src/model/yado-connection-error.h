/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Why a connection could not be opened, in words a user understands, with
 * libvirt's own message kept beside them.
 *
 * For a remote host libvirt's message is mostly what ssh or nc printed,
 * wrapped in libvirt's words ("Cannot recv data: ssh: Could not resolve
 * hostname h: Name or service not known: Connection reset by peer"):
 * exact, but it names a tool's view of the problem, not what to do.
 * tests/test-connection-error.c holds the messages this was written from,
 * each seen for real (libvirt 9.0, OpenSSH 9.2, netcat-openbsd, dash).
 */

#define YADO_CONNECTION_ERROR (yado_connection_error_quark ())

/* What went wrong; also the code of a YADO_CONNECTION_ERROR. */
typedef enum {
  YADO_CONNECTION_ERROR_OTHER,            /* not one Yado knows */
  YADO_CONNECTION_ERROR_UNKNOWN_HOST,     /* the host name does not resolve */
  YADO_CONNECTION_ERROR_REFUSED,          /* nothing listens on the port */
  YADO_CONNECTION_ERROR_NOT_SSH,          /* something else than sshd answers */
  YADO_CONNECTION_ERROR_UNREACHABLE,      /* timed out, no route */
  YADO_CONNECTION_ERROR_LOGIN_REFUSED,    /* key or password not accepted */
  YADO_CONNECTION_ERROR_HOST_KEY_CHANGED, /* not the host key known here */
  YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN, /* a host key not trusted (or declined) */
  YADO_CONNECTION_ERROR_NO_DAEMON,        /* no libvirt daemon at its socket */
  YADO_CONNECTION_ERROR_SOCKET_DENIED,    /* libvirt's socket refuses the user */
  YADO_CONNECTION_ERROR_NO_PROGRAM,       /* nc or virt-ssh-helper missing on the host */
} YadoConnectionErrorKind;

GQuark                  yado_connection_error_quark    (void);

/* What libvirt's @message (of a failed open) tells. Pure. */
YadoConnectionErrorKind yado_connection_error_classify (const char *message);

/* A sentence or two on why opening @uri failed and what to do, from
 * libvirt's @message; NULL when it is not a message Yado knows. Pure. */
char                   *yado_connection_error_explain  (const char *uri,
                                                        const char *message);

/* On the thread where opening @uri just failed: sets @error from libvirt's
 * last error. A message Yado knows gives a YADO_CONNECTION_ERROR whose
 * message is the explanation and whose detail is libvirt's message; any
 * other stays "Could not connect to URI: libvirt's message" (YADO_ERROR). */
void                    yado_connection_error_set_from_libvirt (GError    **error,
                                                                const char *uri);

/* libvirt's own message behind a YADO_CONNECTION_ERROR; NULL for any
 * other error (whose message already is libvirt's, or Yado's own). */
const char             *yado_connection_error_get_detail (const GError *error);

G_END_DECLS
