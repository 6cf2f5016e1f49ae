/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YADO_ERROR (yado_error_quark ())

typedef enum {
  YADO_ERROR_FAILED,        /* libvirt or Yado failed; the message says why */
  YADO_ERROR_CANCELLED,     /* the user cancelled: stay silent */
  YADO_ERROR_TIMED_OUT,     /* the job did not finish in time */
  YADO_ERROR_AUTH_FAILED,   /* credentials refused or not given */
  YADO_ERROR_NOT_CONNECTED, /* the connection is not open */
  YADO_ERROR_NOT_FOUND,     /* the domain (or object) no longer exists */
  YADO_ERROR_INVALID,       /* bad input (URI, name, ...) */
  YADO_ERROR_NOT_SUPPORTED, /* the driver does not do this */
} YadoErrorCode;

GQuark yado_error_quark (void);

/* Sets @error from libvirt's last error of this thread, prefixed by
 * @context ("Could not start “web”: ..."). Call it right after the libvirt
 * call that failed, on the same thread. */
void yado_error_set_from_libvirt (GError    **error,
                                  const char *context_format,
                                  ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
