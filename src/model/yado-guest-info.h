/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/*
 * What the QEMU guest agent inside a VM says about it: its operating
 * system, host name, time zone, addresses and file systems. Read with
 * virDomainGetGuestInfo, only while the agent is connected (the live XML
 * says so): without an agent there is nothing to ask.
 */

/* One mounted file system of the guest. */
typedef struct {
  char    *mountpoint;   /* "/", "C:\\" */
  char    *type;         /* "ext4", "NTFS"; NULL when the agent does not say */
  guint64  used_bytes;
  guint64  total_bytes;  /* 0 when unknown (the agent gives no sizes) */
} YadoGuestFilesystem;

typedef struct {
  gboolean   agent_connected;
  char      *os_name;      /* "Fedora Linux 39 (Workstation Edition)", or NULL */
  char      *hostname;     /* or NULL */
  char      *timezone;     /* "Europe/Paris", "UTC", or NULL */
  GPtrArray *ip_addresses; /* of char *: "eth0 192.168.122.5/24", never NULL */
  GPtrArray *filesystems;  /* of YadoGuestFilesystem *, never NULL */
} YadoGuestInfo;

YadoGuestInfo *yado_guest_info_new  (void);
void           yado_guest_info_free (YadoGuestInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoGuestInfo, yado_guest_info_free)

/* Reads the typed parameters virDomainGetGuestInfo returns ("os.pretty-name",
 * "hostname", "timezone.name", "fs.<n>.mountpoint", "fs.<n>.fstype",
 * "fs.<n>.used-bytes", "fs.<n>.total-bytes", "if.<n>.name",
 * "if.<n>.addr.<m>.addr", "if.<n>.addr.<m>.prefix"). Pure: no libvirt
 * call. The result's agent_connected is TRUE: the agent answered. Missing
 * fields stay NULL or empty; the loopback interface is left out. */
YadoGuestInfo *yado_guest_info_from_params (virTypedParameterPtr params,
                                            int                  nparams);

/* Whether a domain's live XML says its guest agent channel is connected:
 * <channel><target type='virtio' name='org.qemu.guest_agent.0'
 * state='connected'/>. FALSE for NULL or anything that is not XML. */
gboolean       yado_guest_info_agent_connected_from_xml (const char *live_xml);

/* On the connection's ops worker: reads the live XML and, only when the
 * agent is connected, asks it (with a short agent time-out, so that a
 * hung agent does not hold the worker). A VM without an agent gives
 * agent_connected FALSE, not an error. */
void           yado_domain_fetch_guest_info_async  (YadoDomain         *domain,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
YadoGuestInfo *yado_domain_fetch_guest_info_finish (YadoDomain   *domain,
                                                    GAsyncResult *result,
                                                    GError      **error);
/* The synchronous twin, for tests: iterates the thread-default main
 * context until the job is done. Never call it from UI code. */
YadoGuestInfo *yado_domain_fetch_guest_info_sync   (YadoDomain   *domain,
                                                    GCancellable *cancellable,
                                                    GError      **error);

/* A running VM's NIC addresses as the host knows them (libvirt's DHCP
 * leases, else the ARP table; never the guest agent): a table of MAC
 * (lower case) → "192.168.122.5/24, ...". */
void           yado_domain_fetch_addresses_async  (YadoDomain         *domain,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
GHashTable    *yado_domain_fetch_addresses_finish (YadoDomain   *domain,
                                                   GAsyncResult *result,
                                                   GError      **error);

G_END_DECLS
