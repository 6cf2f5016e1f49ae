/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Operating systems as libosinfo knows them, for the New VM wizard: the
 * list and its search, detecting the OS of an ISO or an install tree, and
 * the defaults an OS asks for (memory, firmware, devices).
 *
 * libosinfo's loader reads ~800 XML files (about half a second, more on a
 * slow disk), so the database is loaded once, on a thread; after that it is
 * read-only and may be used from any thread.
 */

#include <gio/gio.h>

#include "yado-new-vm.h"

G_BEGIN_DECLS

typedef struct _YadoOsDb YadoOsDb;

/* One OS, as the wizard lists it. */
typedef struct {
  char    *id;            /* "http://debian.org/debian/11" */
  char    *short_id;      /* "debian11" */
  char    *name;          /* "Debian 11" */
  char    *vendor;        /* "Debian Project" */
  char    *family;        /* "linux", "winnt", ... */
  char    *release_date;  /* "2021-08-14", or NULL (testing, rawhide) */
  gboolean eol;           /* its end of life is past */
} YadoOsEntry;

YadoOsEntry *yado_os_entry_copy (const YadoOsEntry *entry);
void         yado_os_entry_free (YadoOsEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoOsEntry, yado_os_entry_free)

/* Loads libosinfo's database on a thread, once for the process: a second
 * call (even while the first runs) gets the same database. The database
 * lives as long as the process (transfer none). */
void        yado_os_db_load_async  (GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
YadoOsDb   *yado_os_db_load_finish (GAsyncResult *result,
                                    GError      **error);
/* The loaded database, or NULL before the load finished. */
YadoOsDb   *yado_os_db_get_default (void);

/* YadoOsEntry*, best first: an exact short id first ("win11"), then names
 * that start with @text, then the rest that contain it in their name,
 * short id or vendor; newest release first within each. Case-insensitive.
 * "" (or NULL, or blanks) lists the latest release of the common families
 * (about ten). Takes well under a millisecond: call it on each keystroke. */
GPtrArray  *yado_os_db_search      (YadoOsDb   *db,
                                    const char *text);
/* The OS with this libosinfo id, or NULL. */
YadoOsEntry *yado_os_db_get_entry  (YadoOsDb   *db,
                                    const char *os_id);
/* Its name ("Debian 11"), or NULL for an unknown id. */
const char *yado_os_db_get_name    (YadoOsDb   *db,
                                    const char *os_id);

/* ISO (a local path): libosinfo's media detection (volume id, publisher,
 * system id). Returns the os id, or NULL with no error when the OS is not
 * known; YADO_ERROR_INVALID "Cannot read the ISO: ..." when the file is
 * missing, unreadable or not an ISO 9660 image. */
void  yado_os_db_identify_media_async  (YadoOsDb           *db,
                                        const char         *iso_path,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
char *yado_os_db_identify_media_finish (YadoOsDb     *db,
                                        GAsyncResult *result,
                                        GError      **error);

/* Install tree URL (http, https): fetches its .treeinfo (Fedora, RHEL,
 * CentOS, openSUSE) or Debian's and Ubuntu's installer MANIFEST on a
 * thread, for at most 20 s (then YADO_ERROR_TIMED_OUT). Errors:
 * YADO_ERROR_INVALID "That URL is not an install tree (no .treeinfo or
 * known layout)." when the server answered but has no tree there,
 * YADO_ERROR_INVALID "Cannot read the install tree: ..." when it cannot be
 * reached, YADO_ERROR_NOT_SUPPORTED for ftp:// and nfs:// (libosinfo
 * reads neither: the user picks the OS), YADO_ERROR_CANCELLED.
 * Returns the os id, or NULL with no error for a tree of an OS it does not
 * know; fills *kernel_url and *initrd_url (nullable) with the tree's
 * kernel and initrd URLs when the tree names them. */
void  yado_os_db_identify_tree_async  (YadoOsDb           *db,
                                       const char         *url,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
char *yado_os_db_identify_tree_finish (YadoOsDb     *db,
                                       GAsyncResult *result,
                                       char        **kernel_url,
                                       char        **initrd_url,
                                       GError      **error);

/* The kernel argument that names the install tree for this OS's
 * installer ("inst.repo" for Fedora and RHEL: the URL install's kernel
 * arguments need "inst.repo=URL"), or NULL (Debian's netboot installer
 * needs none). */
const char *yado_os_db_get_kernel_url_argument (YadoOsDb   *db,
                                                const char *os_id);

/* Tests: how long identify_tree waits for the tree (20 s by default). */
void  yado_os_db_set_tree_timeout (guint seconds);

/* Sets memory_mib, vcpus, disk_size_gib, uefi, secure_boot, tpm,
 * virtio_disk, virtio_net, video, sound, rng, guest_agent, tablet, machine
 * on @vm from the OS's recommendations for @vm->arch (x86_64 when NULL);
 * os_id NULL or unknown: generic modern defaults (2 GiB, 2 vCPUs, 20 GiB,
 * virtio, q35, BIOS). Memory is at most host_memory_mib - 512 MiB, vCPUs
 * at most host_cpus (0: no limit). Main thread or any: pure reads. */
void  yado_os_db_apply_defaults (YadoOsDb   *db,
                                 const char *os_id,
                                 YadoNewVm  *vm,
                                 guint64     host_memory_mib,
                                 guint       host_cpus);

G_END_DECLS
