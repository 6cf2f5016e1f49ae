/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Deleting a VM: what storage it has (and whether each piece can and
 * should go with it), and the deletion itself, both on the connection's
 * ops worker.
 */
#include <gio/gio.h>

#include "yado-domain.h"

G_BEGIN_DECLS

/* One disk of a VM, as the Delete dialog lists it. */
typedef struct {
  char     *target;         /* "vda", "hdc", ... */
  char     *path;           /* the source file, device or volume path */
  char     *device;         /* "disk", "cdrom", "floppy", "lun" */
  gboolean  read_only;      /* <readonly/> */
  gboolean  shared;         /* <shareable/>, or another VM uses it too */
  char    **shared_with;    /* names of the other VMs that use it, sorted;
                             * empty (never NULL) when none */
  gboolean  deletable;      /* a storage volume libvirt knows: a file in no
                             * pool cannot be deleted through libvirt */
  gboolean  default_delete; /* deletable, not shared, not read-only, and a
                             * "disk" (not a CD-ROM or floppy) */
  guint64   capacity;       /* bytes; 0 when unknown (not a volume) */
  guint64   allocation;     /* bytes on the host; 0 when unknown */
} YadoDomainStorage;

void yado_domain_storage_free (YadoDomainStorage *storage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoDomainStorage, yado_domain_storage_free)

/* The VM's disks that have a source (an empty CD-ROM drive has nothing to
 * delete), in the order of its XML: the persistent definition, then what
 * only the running VM has (a disk attached live). Every other VM of the
 * connection is read to tell which disks are shared. Result: a GPtrArray
 * of YadoDomainStorage. */
void       yado_domain_list_storage_async  (YadoDomain         *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *yado_domain_list_storage_finish (YadoDomain   *self,
                                            GAsyncResult *result,
                                            GError      **error);
/* The synchronous twin, for tests only. */
GPtrArray *yado_domain_list_storage_sync   (YadoDomain   *self,
                                            GCancellable *cancellable,
                                            GError      **error);

#define YADO_DOMAIN_DELETE_ERROR (yado_domain_delete_error_quark ())

typedef enum {
  /* The VM is gone, but some of the chosen volumes are not: the message
   * names each and says why. */
  YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT,
} YadoDomainDeleteError;

GQuark yado_domain_delete_error_quark (void);

/* Deletes the VM: forces it off when it runs, undefines it with its
 * managed save image, snapshot and checkpoint metadata and firmware
 * variables (as much of that as the driver knows of), then deletes each
 * volume of @paths_to_delete (NULL or empty: none).
 *
 * When the VM cannot be undefined, no storage is touched and the error
 * is libvirt's (the VM may have been forced off). When a volume cannot be
 * deleted, the VM is gone all the same: the error is in
 * YADO_DOMAIN_DELETE_ERROR, STORAGE_LEFT. The connection drops the VM
 * from its list (by libvirt's event, or by reading it again). */
void       yado_domain_delete_async        (YadoDomain         *self,
                                            const char * const *paths_to_delete,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean   yado_domain_delete_finish       (YadoDomain   *self,
                                            GAsyncResult *result,
                                            GError      **error);
/* The synchronous twin, for tests only. */
gboolean   yado_domain_delete_sync         (YadoDomain         *self,
                                            const char * const *paths_to_delete,
                                            GCancellable       *cancellable,
                                            GError            **error);

G_END_DECLS
