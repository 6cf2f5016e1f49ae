/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deleting a VM through the model, on the test driver's delete-host.xml
 * (tests/data/README.md): what its storage list says of each disk (its
 * own, shared with another VM, read-only, a CD-ROM, a file in no pool, a
 * volume named by pool), and what a deletion leaves: the VM gone from
 * libvirt and from the connection's list, only the chosen volumes gone
 * from the pool, a running VM forced off first, a volume that cannot be
 * deleted named in the error, and nothing deleted when the VM cannot be.
 *
 * The pool is read through the connection's own libvirt handle: each
 * connection to a fixture file has its own copy of the host.
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "yado-domain-delete.h"
#include "yado-error.h"
#include "yado-test-utils.h"

#define WAIT_MS 5000
#define IMAGES "/var/lib/yado-delete/images/"

typedef struct {
  YadoConnection *c;
  virConnectPtr   conn;   /* the connection's handle */
} Fixture;

static void
open_fixture (Fixture *f, gboolean read_only)
{
  g_autofree char *uri = yado_test_fixture_uri ("delete-host.xml");

  f->c = yado_test_open_full (uri, read_only);
  yado_connection_set_stats_interval (f->c, 0);
  f->conn = yado_connection_ref_handle (f->c);
  g_assert_nonnull (f->conn);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  open_fixture (f, FALSE);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  virConnectClose (f->conn);
  yado_connection_close (f->c);
  g_object_unref (f->c);
}

/* ---- helpers ---- */

static GPtrArray *
list_storage (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *disks = yado_domain_list_storage_sync (yado_test_domain (f->c, name), NULL, &error);

  if (disks == NULL)
    g_error ("Could not list the disks of %s: %s", name, error->message);
  return disks;
}

static YadoDomainStorage *
disk (GPtrArray *disks, const char *target)
{
  for (guint i = 0; i < disks->len; i++)
    if (g_strcmp0 (((YadoDomainStorage *) disks->pdata[i])->target, target) == 0)
      return disks->pdata[i];
  g_error ("no disk %s", target);
  return NULL;
}

static char *
shared_with (YadoDomainStorage *d)
{
  return g_strjoinv (",", d->shared_with);
}

/* The volumes of pool "images", sorted, joined with ",". */
static char *
pool_volumes (Fixture *f)
{
  return yado_test_pool_volume_names (f->conn, "images");
}

static gboolean
libvirt_has_domain (Fixture *f, const char *name)
{
  return yado_test_has_domain (f->conn, name);
}

static void
delete_or_fail (Fixture *f, const char *name, const char * const *paths)
{
  g_autoptr(GError) error = NULL;

  if (!yado_domain_delete_sync (yado_test_domain (f->c, name), paths, NULL, &error))
    g_error ("Could not delete %s: %s", name, error->message);
}

/* ---- listing ---- */

static void
test_list_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) disks = list_storage (f, "web-server");
  YadoDomainStorage *d;
  g_autofree char *users = NULL;

  /* The empty CD-ROM drive (hdd) has nothing to delete: not listed. */
  g_assert_cmpuint (disks->len, ==, 6);
  g_assert_cmpstr (((YadoDomainStorage *) disks->pdata[0])->target, ==, "vda");
  g_assert_cmpstr (((YadoDomainStorage *) disks->pdata[5])->target, ==, "hdc");

  /* Its own disk, a volume: deleted unless the user says otherwise. */
  d = disk (disks, "vda");
  g_assert_cmpstr (d->path, ==, IMAGES "web-server.qcow2");
  g_assert_cmpstr (d->device, ==, "disk");
  g_assert_true (d->deletable);
  g_assert_false (d->shared);
  g_assert_false (d->read_only);
  g_assert_true (d->default_delete);
  g_assert_cmpuint (d->capacity, ==, 20 * G_GUINT64_CONSTANT (1) << 30);
  g_assert_cmpuint (d->allocation, ==, 3 * G_GUINT64_CONSTANT (1) << 30);

  /* Also db-server's disk: shared, kept. */
  d = disk (disks, "vdb");
  g_assert_true (d->deletable);
  g_assert_true (d->shared);
  users = shared_with (d);
  g_assert_cmpstr (users, ==, "db-server");
  g_assert_false (d->default_delete);

  /* Read-only: kept. */
  d = disk (disks, "vdc");
  g_assert_true (d->read_only);
  g_assert_true (d->deletable);
  g_assert_false (d->shared);
  g_assert_false (d->default_delete);

  /* A file in no pool: libvirt cannot delete it. */
  d = disk (disks, "vdd");
  g_assert_cmpstr (d->path, ==, "/srv/loose/scratch.img");
  g_assert_false (d->deletable);
  g_assert_false (d->default_delete);
  g_assert_cmpuint (d->capacity, ==, 0);

  /* Named by pool and volume: listed by its path, deleted by default. */
  d = disk (disks, "vde");
  g_assert_cmpstr (d->path, ==, IMAGES "web-logs.qcow2");
  g_assert_true (d->deletable);
  g_assert_true (d->default_delete);

  /* An installer CD-ROM in the pool: could go, kept by default. */
  d = disk (disks, "hdc");
  g_assert_cmpstr (d->device, ==, "cdrom");
  g_assert_true (d->deletable);
  g_assert_true (d->read_only);
  g_assert_false (d->default_delete);
}

static void
test_list_shareable (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) disks = list_storage (f, "db-server");
  YadoDomainStorage *d;
  g_autofree char *users = NULL;

  g_assert_cmpuint (disks->len, ==, 2);
  g_assert_true (disk (disks, "vda")->default_delete);
  g_assert_cmpstr (disk (disks, "vda")->shared_with[0], ==, NULL);
  /* <shareable/>, and web-server uses it. */
  d = disk (disks, "vdb");
  g_assert_true (d->shared);
  users = shared_with (d);
  g_assert_cmpstr (users, ==, "web-server");
  g_assert_false (d->default_delete);
}

/* ---- deleting ---- */

typedef struct {
  GMutex  lock;
  GArray *events;   /* int: virDomainEventType, in order */
} Events;

static int
on_lifecycle (virConnectPtr conn, virDomainPtr dom, int event, int detail, void *data)
{
  Events *events = data;

  g_mutex_lock (&events->lock);
  g_array_append_val (events->events, event);
  g_mutex_unlock (&events->lock);
  return 0;
}

static gboolean
events_seen (Events *events, const int *want, guint n_want)
{
  gboolean seen;

  g_mutex_lock (&events->lock);
  seen = events->events->len == n_want
         && memcmp (events->events->data, want, n_want * sizeof (int)) == 0;
  g_mutex_unlock (&events->lock);
  return seen;
}

static void
test_delete_running_with_storage (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { IMAGES "web-server.qcow2", IMAGES "web-logs.qcow2", NULL };
  static const int forced_off_then_undefined[] = { VIR_DOMAIN_EVENT_STOPPED,
                                                   VIR_DOMAIN_EVENT_UNDEFINED };
  Events events = { .events = g_array_new (FALSE, FALSE, sizeof (int)) };
  g_autoptr(YadoDomain) web = g_object_ref (yado_test_domain (f->c, "web-server"));
  g_autofree char *before = pool_volumes (f);
  g_autofree char *after = NULL;
  int callback;

  g_mutex_init (&events.lock);
  g_assert_cmpint (yado_domain_get_state (web), ==, YADO_DOMAIN_RUNNING);
  g_assert_cmpstr (before, ==, "base.qcow2,db-server.qcow2,installer.iso,scratch.qcow2,"
                               "shared-data.qcow2,web-logs.qcow2,web-server.qcow2");
  callback = virConnectDomainEventRegisterAny (f->conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK (on_lifecycle),
                                               &events, NULL);
  g_assert_cmpint (callback, >=, 0);

  delete_or_fail (f, "web-server", chosen);

  /* Forced off first, then undefined. */
  yado_test_wait_until (events_seen (&events, forced_off_then_undefined, 2), WAIT_MS);
  g_assert_false (libvirt_has_domain (f, "web-server"));
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "web-server") == NULL, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (yado_connection_get_domains (f->c)), ==, 2);
  /* Only the chosen volumes are gone: the shared, read-only and CD-ROM
   * ones stay. */
  after = pool_volumes (f);
  g_assert_cmpstr (after, ==, "base.qcow2,db-server.qcow2,installer.iso,scratch.qcow2,"
                              "shared-data.qcow2");
  /* The other VM still lists its shared disk, now used by no one else. */
  {
    g_autoptr(GPtrArray) disks = list_storage (f, "db-server");

    g_assert_cmpstr (disk (disks, "vdb")->shared_with[0], ==, NULL);
    g_assert_true (disk (disks, "vdb")->shared); /* still <shareable/> */
  }

  virConnectDomainEventDeregisterAny (f->conn, callback);
  g_array_unref (events.events);
  g_mutex_clear (&events.lock);
}

static void
test_delete_saved_without_storage (Fixture *f, gconstpointer data)
{
  YadoDomain *db = yado_test_domain (f->c, "db-server");
  g_autofree char *before = pool_volumes (f);
  g_autofree char *after = NULL;

  /* Its managed save image goes with it (libvirt refuses otherwise). */
  g_assert_true (yado_domain_get_has_managed_save (db));
  delete_or_fail (f, "db-server", NULL);
  g_assert_false (libvirt_has_domain (f, "db-server"));
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "db-server") == NULL, WAIT_MS);
  after = pool_volumes (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_delete_transient (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { IMAGES "scratch.qcow2", NULL };
  g_autofree char *after = NULL;

  g_assert_false (yado_domain_get_persistent (yado_test_domain (f->c, "scratch")));
  delete_or_fail (f, "scratch", chosen);
  g_assert_false (libvirt_has_domain (f, "scratch"));
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "scratch") == NULL, WAIT_MS);
  after = pool_volumes (f);
  g_assert_null (strstr (after, "scratch.qcow2"));
}

/* A volume that cannot be deleted does not bring the VM back: the error
 * names it and says why; the others are deleted all the same. */
static void
test_volume_left (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { "/srv/loose/scratch.img", IMAGES "web-server.qcow2",
                                        NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_false (yado_domain_delete_sync (yado_test_domain (f->c, "web-server"), chosen, NULL,
                                           &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, YADO_DOMAIN_DELETE_ERROR, YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The virtual machine was deleted, but /srv/loose/scratch.img"
                                   " could not be: "));
  g_assert_nonnull (strstr (error->message, "no storage vol with matching path"));
  g_assert_false (libvirt_has_domain (f, "web-server"));
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "web-server") == NULL, WAIT_MS);
  after = pool_volumes (f);
  g_assert_null (strstr (after, "web-server.qcow2"));
}

static void
test_volumes_left (Fixture *f, gconstpointer data)
{
  static const char *const chosen[] = { "/srv/loose/a.img", "/srv/loose/b.img", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (yado_domain_delete_sync (yado_test_domain (f->c, "db-server"), chosen, NULL,
                                           &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, YADO_DOMAIN_DELETE_ERROR, YADO_DOMAIN_DELETE_ERROR_STORAGE_LEFT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The virtual machine was deleted, but not all of its storage:\n"
                                   "/srv/loose/a.img could not be: "));
  g_assert_nonnull (strstr (error->message, "\n/srv/loose/b.img could not be: "));
  g_assert_false (libvirt_has_domain (f, "db-server"));
}

/* When libvirt refuses to undefine the VM, its storage stays. (A read-only
 * connection: libvirt refuses every change.) */
static void
test_undefine_refused_keeps_storage (void)
{
  static const char *const chosen[] = { IMAGES "db-server.qcow2", NULL };
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  open_fixture (f, TRUE);
  before = pool_volumes (f);
  g_assert_false (yado_domain_delete_sync (yado_test_domain (f->c, "db-server"), chosen, NULL,
                                           &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not delete “db-server”: "));
  g_assert_nonnull (strstr (error->message, "read only"));
  g_assert_true (libvirt_has_domain (f, "db-server"));
  after = pool_volumes (f);
  g_assert_cmpstr (after, ==, before);

  /* A running VM that cannot be forced off is not deleted either. */
  g_clear_error (&error);
  g_assert_false (yado_domain_delete_sync (yado_test_domain (f->c, "web-server"), NULL, NULL,
                                           &error));
  g_assert_true (g_str_has_prefix (error->message, "Could not force off “web-server”: "));
  g_assert_true (libvirt_has_domain (f, "web-server"));
  tear_down (f, NULL);
}

static void
test_needs_a_connection (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomain) web = g_object_ref (yado_test_domain (f->c, "web-server"));
  g_autoptr(GError) error = NULL;

  yado_connection_close (f->c);
  g_assert_null (yado_domain_list_storage_sync (web, NULL, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_false (yado_domain_delete_sync (web, NULL, NULL, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
  g_assert_cmpstr (error->message, ==,
                   "Could not delete “web-server”: the connection is not open");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/delete/list/flags", test_list_flags);
  ADD ("/delete/list/shareable", test_list_shareable);
  ADD ("/delete/running-with-storage", test_delete_running_with_storage);
  ADD ("/delete/saved-without-storage", test_delete_saved_without_storage);
  ADD ("/delete/transient", test_delete_transient);
  ADD ("/delete/volume-left", test_volume_left);
  ADD ("/delete/volumes-left", test_volumes_left);
  ADD ("/delete/need-a-connection", test_needs_a_connection);
#undef ADD
  g_test_add_func ("/delete/undefine-refused-keeps-storage", test_undefine_refused_keeps_storage);
  return g_test_run ();
}
