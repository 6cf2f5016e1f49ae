/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a host offers a guest: its CPUs and memory, the CPU modes and
 * models, machine types, firmware and device models, read on the
 * connection's worker from virNodeGetInfo, the capabilities XML and the
 * domain capabilities of one emulator, architecture, machine and
 * virtualization type (those of the domain being edited).
 *
 * A driver without domain capabilities (libvirt's test driver) gives what
 * the capabilities XML says: no CPU models, no firmware, and the standard
 * device models (has_domcaps FALSE).
 */

#include <gio/gio.h>

#include "yado-connection.h"

G_BEGIN_DECLS

typedef struct {
  char    *name;       /* canonical: "pc-q35-7.2" */
  char    *alias;      /* "q35", "pc", or NULL */
  guint    max_cpus;   /* 0 when unknown */
  gboolean deprecated;
} YadoMachineType;

typedef struct {
  guint      cpus;
  guint64    memory_kib;
  char      *arch;             /* the guest's: the one asked for, else the host's */
  gboolean   has_domcaps;
  gboolean   host_passthrough; /* CPU modes the host supports */
  gboolean   host_model;
  GPtrArray *cpu_models;       /* char *: named models usable on this host */
  GPtrArray *machines;         /* YadoMachineType *, for the guest's arch */
  gboolean   efi;
  gboolean   secure_boot;
  /* char *, libvirt's values; the domain capabilities' where they list
   * them, else the usual ones for QEMU. */
  GPtrArray *disk_buses;       /* "virtio", "sata", "scsi", "ide", "usb", "fdc" */
  GPtrArray *video_models;     /* "virtio", "qxl", "vga", ... */
  GPtrArray *sound_models;     /* "ich9", "ich6", "ac97", "usb" */
  GPtrArray *nic_models;       /* "virtio", "e1000e", "e1000", "rtl8139" */
  GPtrArray *graphics_types;   /* "spice", "vnc" */
  GPtrArray *tpm_models;       /* "tpm-crb", "tpm-tis" */
} YadoHostCaps;

/* Empty caps: every list empty, every flag FALSE. */
YadoHostCaps *yado_host_caps_new  (void);
void          yado_host_caps_free (YadoHostCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoHostCaps, yado_host_caps_free)

/* Pure parsing, for the worker and for tests. */

/* Fills @caps->arch (@arch, else the host's) and the machine types of
 * @arch's hvm guest for @virttype (NULL: any) from virConnectGetCapabilities
 * XML. FALSE with @error when @xml is not capabilities XML. */
gboolean      yado_host_caps_parse_capabilities (YadoHostCaps *caps,
                                                 const char   *xml,
                                                 const char   *arch,
                                                 const char   *virttype,
                                                 GError      **error);
/* Fills the CPU modes and models, firmware and device models from
 * virConnectGetDomainCapabilities XML; sets has_domcaps. */
gboolean      yado_host_caps_parse_domcaps      (YadoHostCaps *caps,
                                                 const char   *xml,
                                                 GError      **error);
/* Fills the device lists that are still empty with the usual values. */
void          yado_host_caps_add_defaults       (YadoHostCaps *caps);
/* Whether @list (of char *) holds @value. */
gboolean      yado_host_caps_list_has           (GPtrArray  *list,
                                                 const char *value);

/* Any argument may be NULL (the hypervisor's default). */
void          yado_connection_fetch_host_caps_async  (YadoConnection     *connection,
                                                      const char         *emulator,
                                                      const char         *arch,
                                                      const char         *machine,
                                                      const char         *virttype,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
YadoHostCaps *yado_connection_fetch_host_caps_finish (YadoConnection *connection,
                                                      GAsyncResult   *result,
                                                      GError        **error);
/* The synchronous twin, for tests only. */
YadoHostCaps *yado_connection_fetch_host_caps_sync   (YadoConnection *connection,
                                                      const char     *emulator,
                                                      const char     *arch,
                                                      const char     *machine,
                                                      const char     *virttype,
                                                      GError        **error);

G_END_DECLS
