/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hypervisors offered by the Add Connection dialog. */
typedef enum {
  YADO_HYPERVISOR_QEMU_SYSTEM,
  YADO_HYPERVISOR_QEMU_SESSION,
  YADO_HYPERVISOR_LXC,
  YADO_HYPERVISOR_XEN,
  YADO_HYPERVISOR_TEST,
} YadoHypervisor;

/*
 * Builds a libvirt URI: "qemu:///system", "qemu+ssh://user@host:2222/system",
 * "lxc:///system", "xen:///system", "test:///default", ... @user, @host may
 * be NULL or empty; @port 0 means the default. A remote URI needs a host:
 * without one, returns NULL and sets @error (YADO_ERROR_INVALID) with a
 * message for the field. IPv6 literals are bracketed; the user name is
 * percent-escaped.
 */
char     *yado_uri_build (YadoHypervisor hypervisor,
                          gboolean       remote,
                          const char    *user,
                          const char    *host,
                          guint          port,
                          GError       **error);

/* Reads a port typed by the user: empty or NULL gives 0 (the default),
 * otherwise a number from 1 to 65535. Sets @error (YADO_ERROR_INVALID)
 * with a message for the field when the text is not one. */
gboolean  yado_uri_parse_port (const char *text,
                               guint      *port,
                               GError    **error);

/* Checks a custom URI typed by the user: a scheme, "://", a path or host.
 * Sets @error (YADO_ERROR_INVALID) with a readable message when not. */
gboolean  yado_uri_validate (const char *uri,
                             GError    **error);

/* "QEMU/KVM", "QEMU/KVM User session", "QEMU/KVM: host.example",
 * "LXC", "Xen", "Test: demo-host.xml", or the URI itself when unknown. */
char     *yado_uri_get_display_name (const char *uri);

/* TRUE when the URI names a host (qemu+ssh://h/..., qemu://h/...). */
gboolean  yado_uri_is_remote (const char *uri);

/* The host part of a remote URI ("h" of qemu+ssh://u@h:22/system), or
 * NULL for a local one. */
char     *yado_uri_get_host (const char *uri);

G_END_DECLS
