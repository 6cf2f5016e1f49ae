/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "yado-error.h"

G_DEFINE_QUARK (yado-error-quark, yado_error)

static YadoErrorCode
code_from_libvirt (int code)
{
  switch (code)
    {
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
      return YADO_ERROR_AUTH_FAILED;
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_NETWORK:
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
      return YADO_ERROR_NOT_FOUND;
    case VIR_ERR_NO_SUPPORT:
      return YADO_ERROR_NOT_SUPPORTED;
    case VIR_ERR_INVALID_CONN:
      return YADO_ERROR_NOT_CONNECTED;
    default:
      return YADO_ERROR_FAILED;
    }
}

void
yado_error_set_from_libvirt (GError    **error,
                             const char *context_format,
                             ...)
{
  /* Read libvirt's error first: anything we call afterwards could reset it. */
  virErrorPtr verr = virGetLastError ();
  const char *message = verr && verr->message ? verr->message : "unknown libvirt error";
  YadoErrorCode code = code_from_libvirt (verr ? verr->code : VIR_ERR_INTERNAL_ERROR);
  g_autofree char *context = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, context_format);
  context = g_strdup_vprintf (context_format, args);
  va_end (args);

  g_set_error (error, YADO_ERROR, code, "%s: %s", context, message);
}
