/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Delete dialog, in-process under Xvfb, against the test driver's
 * delete-host.xml (tests/data/README.md): each disk's row (checked or
 * not, sensitive or not, its note), the running VM's warning and button,
 * Cancel focused, what Delete deletes (the VM, and only the checked
 * volumes), errors kept in the dialog, and the manager's Delete action.
 *
 * YADO_TEST_SCREENSHOT_DIR=DIR saves DIR/delete-dialog.png (web-server's
 * disks) and DIR/delete-dialog-storage-left.png (a volume it could not
 * delete).
 */
#include <string.h>

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>

#include "yado-application.h"
#include "yado-connection-list.h"
#include "yado-delete-dialog.h"
#include "yado-manager-window.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"
#include "yado-vm-list.h"

#define WAIT_MS 10000
#define IMAGES "/var/lib/yado-delete/images/"

typedef struct {
  YadoConnection   *c;
  virConnectPtr     conn;     /* the connection's handle: its copy of the host */
  YadoDeleteDialog *dialog;   /* weak */
} Fixture;

static void
open_fixture (Fixture *f, gboolean read_only)
{
  g_autofree char *uri = yado_test_fixture_uri ("delete-host.xml");

  f->c = yado_test_open_full (uri, read_only);
  yado_connection_set_stats_interval (f->c, 0);
  f->conn = yado_connection_ref_handle (f->c);
}

static void
set_up (Fixture *f, gconstpointer data)
{
  open_fixture (f, FALSE);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  if (f->dialog != NULL)
    gtk_widget_destroy (GTK_WIDGET (f->dialog));
  g_assert_null (f->dialog);
  virConnectClose (f->conn);
  yado_connection_close (f->c);
  g_object_unref (f->c);
  for (int i = 0; i < 5; i++)
    yado_test_iterate ();
}

/* Opens the dialog for @name, as a user would see it, and waits for its
 * disks. */
static YadoDeleteDialog *
open_dialog (Fixture *f, const char *name)
{
  f->dialog = yado_delete_dialog_new (NULL, yado_test_domain (f->c, name));
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_move (GTK_WINDOW (f->dialog), 0, 0);
  gtk_window_present (GTK_WINDOW (f->dialog));
  yado_test_wait_until (yado_delete_dialog_get_listed (f->dialog), WAIT_MS);
  return f->dialog;
}

static gboolean
sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (widget));
}

/* The check box of @target: whether it is checked, and can be changed. */
static void
assert_disk (YadoDeleteDialog *dialog, const char *target, gboolean checked,
             gboolean can_change, const char *note)
{
  GtkToggleButton *check = yado_delete_dialog_get_disk_check (dialog, target);

  g_assert_nonnull (check);
  g_assert_cmpint (gtk_toggle_button_get_active (check), ==, checked);
  g_assert_cmpint (sensitive (check), ==, can_change);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (check)));
  g_assert_cmpstr (yado_delete_dialog_get_disk_note (dialog, target), ==, note);
}

static void
toggle (YadoDeleteDialog *dialog, const char *target)
{
  GtkToggleButton *check = yado_delete_dialog_get_disk_check (dialog, target);

  g_assert_true (sensitive (check));
  gtk_button_clicked (GTK_BUTTON (check));
}

static const char *
button_label (GtkButton *button)
{
  return gtk_button_get_label (button);
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

/* ---- what it shows ---- */

static void
test_running_vm (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "web-server");

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Delete web-server?");
  g_assert_true (yado_delete_dialog_shows_running_warning (dialog));
  g_assert_true (gtk_widget_get_mapped (yado_test_find_widget_by_name (
    GTK_WIDGET (dialog),
    "web-server is running: it will be forced off first, like pulling the power cord.")));
  g_assert_cmpstr (button_label (yado_delete_dialog_get_delete_button (dialog)), ==,
                   "_Force Off and Delete");
  g_assert_true (gtk_style_context_has_class (
    gtk_widget_get_style_context (GTK_WIDGET (yado_delete_dialog_get_delete_button (dialog))),
    "destructive-action"));
  /* Enter on a dialog just opened must not delete anything. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog))
                 == GTK_WIDGET (yado_delete_dialog_get_cancel_button (dialog)));
  g_assert_true (sensitive (yado_delete_dialog_get_delete_button (dialog)));
  g_assert_true (gtk_toggle_button_get_active (yado_delete_dialog_get_storage_check (dialog)));
  g_assert_null (yado_delete_dialog_get_error (dialog));

  assert_disk (dialog, "vda", TRUE, TRUE, NULL);
  assert_disk (dialog, "vdb", FALSE, TRUE, "Also used by db-server");
  assert_disk (dialog, "vdc", FALSE, TRUE, "Read-only");
  assert_disk (dialog, "vdd", FALSE, FALSE, "Not in a storage pool: it will be left on disk");
  assert_disk (dialog, "vde", TRUE, TRUE, NULL);
  assert_disk (dialog, "hdc", FALSE, TRUE, "CD-ROM");
  /* The empty CD-ROM drive has nothing to delete. */
  g_assert_null (yado_delete_dialog_get_disk_check (dialog, "hdd"));

  yado_test_save_screenshot ("delete-dialog");
}

static void
test_shut_off_vm (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "db-server");

  g_assert_false (yado_delete_dialog_shows_running_warning (dialog));
  g_assert_cmpstr (button_label (yado_delete_dialog_get_delete_button (dialog)), ==, "_Delete");
  assert_disk (dialog, "vda", TRUE, TRUE, NULL);
  assert_disk (dialog, "vdb", FALSE, TRUE, "Also used by web-server");
}

/* The warning follows the VM: forced off elsewhere, the dialog says Delete. */
static void
test_follows_state (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "web-server");
  YadoDomain *web = yado_test_domain (f->c, "web-server");

  g_assert_true (yado_domain_lifecycle_sync (web, YADO_LIFECYCLE_PAUSE, NULL, NULL));
  yado_test_wait_until (yado_domain_get_state (web) == YADO_DOMAIN_PAUSED, WAIT_MS);
  g_assert_true (yado_delete_dialog_shows_running_warning (dialog));
  g_assert_nonnull (yado_test_find_widget_by_name (
    GTK_WIDGET (dialog),
    "web-server is paused: it will be forced off first, like pulling the power cord."));
  g_assert_true (yado_domain_lifecycle_sync (web, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (!yado_delete_dialog_shows_running_warning (dialog), WAIT_MS);
  g_assert_cmpstr (button_label (yado_delete_dialog_get_delete_button (dialog)), ==, "_Delete");
}

/* ---- what Delete does ---- */

static void
test_delete_chosen_storage (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "web-server");
  g_autofree char *after = NULL;

  /* The user keeps vda and, deliberately, deletes the shared vdb. */
  toggle (dialog, "vda");
  toggle (dialog, "vdb");
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_delete_button (dialog)));
  /* While it works, nothing can be pressed twice. */
  g_assert_false (sensitive (yado_delete_dialog_get_delete_button (dialog)));
  g_assert_false (sensitive (yado_delete_dialog_get_cancel_button (dialog)));
  g_assert_false (sensitive (yado_delete_dialog_get_disk_check (dialog, "vde")));

  yado_test_wait_until (f->dialog == NULL, WAIT_MS);
  g_assert_false (libvirt_has_domain (f, "web-server"));
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "web-server") == NULL, WAIT_MS);
  after = pool_volumes (f);
  g_assert_cmpstr (after, ==, "base.qcow2,db-server.qcow2,installer.iso,scratch.qcow2,"
                              "web-server.qcow2");
}

static void
test_keep_all_storage (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "db-server");
  g_autofree char *before = pool_volumes (f);
  g_autofree char *after = NULL;

  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_storage_check (dialog)));
  g_assert_false (sensitive (yado_delete_dialog_get_disk_check (dialog, "vda")));
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_delete_button (dialog)));
  yado_test_wait_until (f->dialog == NULL, WAIT_MS);
  g_assert_false (libvirt_has_domain (f, "db-server"));
  after = pool_volumes (f);
  g_assert_cmpstr (after, ==, before);
}

/* libvirt refuses (a read-only connection): the dialog stays, says why,
 * and can be tried again or cancelled. */
static void
test_error_stays (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  YadoDeleteDialog *dialog;

  open_fixture (f, TRUE);
  dialog = open_dialog (f, "db-server");
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_delete_button (dialog)));
  yado_test_wait_until (yado_delete_dialog_get_error (dialog) != NULL, WAIT_MS);
  g_test_message ("%s", yado_delete_dialog_get_error (dialog));
  g_assert_true (g_str_has_prefix (yado_delete_dialog_get_error (dialog),
                                   "Could not delete “db-server”: "));
  g_assert_nonnull (f->dialog);
  g_assert_true (sensitive (yado_delete_dialog_get_delete_button (dialog)));
  g_assert_true (sensitive (yado_delete_dialog_get_cancel_button (dialog)));
  g_assert_true (libvirt_has_domain (f, "db-server"));
  /* Cancel closes it. */
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_cancel_button (dialog)));
  g_assert_null (f->dialog);
  tear_down (f, NULL);
}

/* A volume gone behind the dialog's back: the VM is deleted, the dialog
 * says what was left and offers only Close. */
static void
test_storage_left (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "db-server");
  virStorageVolPtr vol = virStorageVolLookupByPath (f->conn, IMAGES "db-server.qcow2");

  g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
  virStorageVolFree (vol);
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_delete_button (dialog)));
  yado_test_wait_until (yado_delete_dialog_get_error (dialog) != NULL, WAIT_MS);
  g_test_message ("%s", yado_delete_dialog_get_error (dialog));
  g_assert_true (g_str_has_prefix (yado_delete_dialog_get_error (dialog),
                                   "The virtual machine was deleted, but "
                                   IMAGES "db-server.qcow2 could not be: "));
  g_assert_false (libvirt_has_domain (f, "db-server"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (yado_delete_dialog_get_delete_button (dialog))));
  g_assert_cmpstr (button_label (yado_delete_dialog_get_cancel_button (dialog)), ==, "_Close");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (yado_test_find_widget_by_name (
                     GTK_WIDGET (dialog), "db-server was deleted"))), ==, "db-server was deleted");
  yado_test_save_screenshot ("delete-dialog-storage-left");
  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_cancel_button (dialog)));
  g_assert_null (f->dialog);
}

/* Escape or the window's close button do nothing while it deletes. */
static void
test_cannot_close_while_deleting (Fixture *f, gconstpointer data)
{
  YadoDeleteDialog *dialog = open_dialog (f, "web-server");
  GdkEvent *event = gdk_event_new (GDK_DELETE);

  gtk_button_clicked (GTK_BUTTON (yado_delete_dialog_get_delete_button (dialog)));
  event->any.window = g_object_ref (gtk_widget_get_window (GTK_WIDGET (dialog)));
  gtk_main_do_event (event);
  gdk_event_free (event);
  g_assert_nonnull (f->dialog);
  yado_test_wait_until (f->dialog == NULL, WAIT_MS);
  g_assert_false (libvirt_has_domain (f, "web-server"));
}

/* ---- the manager's Delete ---- */

static gboolean
window_lists (YadoManagerWindow *window, YadoDomain *domain)
{
  g_autoptr(GtkTreePath) path =
    yado_vm_list_get_path (yado_manager_window_get_vm_list (window), G_OBJECT (domain));

  return path != NULL;
}

static void
test_manager_action (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("delete-host.xml");
  g_autoptr(GSettings) settings = yado_settings_new ();
  g_autoptr(YadoConnectionList) connections = yado_connection_list_new ();
  YadoConnection *c = yado_connection_list_add (connections, uri);
  YadoManagerWindow *window;
  YadoDomain *db;
  YadoDeleteDialog *dialog = NULL;
  GList *toplevels;

  yado_connection_set_stats_interval (c, 0);
  yado_connection_open (c);
  window = yado_manager_window_new (NULL, connections, settings);
  gtk_widget_show (GTK_WIDGET (window));
  yado_test_wait_until (yado_connection_lookup_domain (c, "db-server") != NULL, WAIT_MS);
  db = yado_connection_lookup_domain (c, "db-server");
  yado_test_wait_until (window_lists (window, db), WAIT_MS);
  yado_manager_window_select_domains (window, &db, 1);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "delete"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete", NULL);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (YADO_IS_DELETE_DIALOG (l->data))
      {
        g_assert_null (dialog);
        dialog = l->data;
      }
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (yado_delete_dialog_get_domain (dialog) == db);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* Delete again: the same dialog comes forward, not a second one. */
  g_assert_true (yado_delete_dialog_present (GTK_WINDOW (window), db) == dialog);

  gtk_widget_destroy (GTK_WIDGET (window));
  yado_connection_close (c);
  for (int i = 0; i < 5; i++)
    yado_test_iterate ();
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/ui/delete-dialog/running-vm", test_running_vm);
  ADD ("/ui/delete-dialog/shut-off-vm", test_shut_off_vm);
  ADD ("/ui/delete-dialog/follows-state", test_follows_state);
  ADD ("/ui/delete-dialog/delete-chosen-storage", test_delete_chosen_storage);
  ADD ("/ui/delete-dialog/keep-all-storage", test_keep_all_storage);
  ADD ("/ui/delete-dialog/storage-left", test_storage_left);
  ADD ("/ui/delete-dialog/cannot-close-while-deleting", test_cannot_close_while_deleting);
#undef ADD
  g_test_add_func ("/ui/delete-dialog/manager-action", test_manager_action);
  g_test_add_func ("/ui/delete-dialog/error-stays", test_error_stays);
  return g_test_run ();
}
