/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <gtk/gtk.h>

#include "yado-add-connection-dialog.h"
#include "yado-resources.h"

typedef struct
{
  YadoAddConnectionDialog *dialog;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dialog = YADO_ADD_CONNECTION_DIALOG (yado_add_connection_dialog_new (NULL));
  g_object_ref_sink (fixture->dialog);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_widget_destroy (GTK_WIDGET (fixture->dialog));
  g_clear_object (&fixture->dialog);
}

static GtkWidget *
get_widget (Fixture    *fixture,
            const char *name)
{
  GtkWidget *widget = yado_add_connection_dialog_get_widget (fixture->dialog, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
select_hypervisor (Fixture    *fixture,
                   const char *id)
{
  GtkWidget *combo = get_widget (fixture, "hypervisor_combo");

  g_assert_true (gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id));
}

static void
set_active (Fixture    *fixture,
            const char *name,
            gboolean    active)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (get_widget (fixture, name)), active);
}

static gboolean
get_active (Fixture    *fixture,
            const char *name)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (get_widget (fixture, name)));
}

static void
type_text (Fixture    *fixture,
           const char *name,
           const char *text)
{
  gtk_entry_set_text (GTK_ENTRY (get_widget (fixture, name)), text);
}

static const char *
get_label (Fixture    *fixture,
           const char *name)
{
  return gtk_label_get_text (GTK_LABEL (get_widget (fixture, name)));
}

static gboolean
can_connect (Fixture *fixture)
{
  return gtk_widget_get_sensitive (get_widget (fixture, "connect_button"));
}

/* The state after each step: what the label shows, what get_uri() gives,
 * the error shown, and whether Connect can be pressed. */
static void
assert_uri (Fixture    *fixture,
            const char *expected_uri,
            const char *expected_error)
{
  g_autofree char *uri = yado_add_connection_dialog_get_uri (fixture->dialog);

  g_assert_cmpstr (uri, ==, expected_uri);
  g_assert_cmpstr (get_label (fixture, "error_label"), ==, expected_error);
  g_assert_cmpint (can_connect (fixture), ==, expected_uri != NULL);

  if (gtk_widget_get_visible (get_widget (fixture, "uri_label")))
    g_assert_cmpstr (get_label (fixture, "uri_label"), ==,
                     expected_uri != NULL ? expected_uri : "");
}

static gboolean
has_error_style (Fixture    *fixture,
                 const char *name)
{
  GtkStyleContext *context = gtk_widget_get_style_context (get_widget (fixture, name));

  return gtk_style_context_has_class (context, GTK_STYLE_CLASS_ERROR);
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->dialog)), ==, "Add Connection");
  g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (get_widget (fixture, "hypervisor_combo"))),
                   ==, "qemu-system");
  assert_uri (fixture, "qemu:///system", "");
  g_assert_true (gtk_widget_get_visible (get_widget (fixture, "uri_label")));
  g_assert_true (yado_add_connection_dialog_get_autoconnect (fixture->dialog));
  g_assert_false (get_active (fixture, "remote_check"));

  /* Remote fields are there, but not to be filled in while local. */
  g_assert_true (gtk_widget_get_visible (get_widget (fixture, "host_entry")));
  g_assert_false (gtk_widget_get_sensitive (get_widget (fixture, "user_entry")));
  g_assert_false (gtk_widget_get_sensitive (get_widget (fixture, "host_entry")));
  g_assert_false (gtk_widget_get_sensitive (get_widget (fixture, "port_entry")));
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (get_widget (fixture, "user_entry"))), ==, "");
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "custom_uri_entry")));
}

static void
test_connect_is_default (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *connect = get_widget (fixture, "connect_button");
  GtkStyleContext *context = gtk_widget_get_style_context (connect);

  g_assert_true (gtk_widget_get_can_default (connect));
  g_assert_true (gtk_style_context_has_class (context, GTK_STYLE_CLASS_SUGGESTED_ACTION));
  g_assert_cmpint (gtk_dialog_get_response_for_widget (GTK_DIALOG (fixture->dialog), connect),
                   ==, GTK_RESPONSE_OK);
}

static void
on_response (GtkDialog *dialog,
             int        response,
             gpointer   user_data)
{
  *(int *) user_data = response;
}

static void
test_connect_responds_ok (Fixture       *fixture,
                          gconstpointer  data)
{
  int response = GTK_RESPONSE_NONE;

  g_signal_connect (fixture->dialog, "response", G_CALLBACK (on_response), &response);
  gtk_button_clicked (GTK_BUTTON (get_widget (fixture, "connect_button")));
  g_assert_cmpint (response, ==, GTK_RESPONSE_OK);
}

static void
test_hypervisors (Fixture       *fixture,
                  gconstpointer  data)
{
  select_hypervisor (fixture, "qemu-session");
  assert_uri (fixture, "qemu:///session", "");
  select_hypervisor (fixture, "lxc");
  assert_uri (fixture, "lxc:///system", "");
  select_hypervisor (fixture, "xen");
  assert_uri (fixture, "xen:///system", "");
  select_hypervisor (fixture, "test");
  assert_uri (fixture, "test:///default", "");
  select_hypervisor (fixture, "qemu-system");
  assert_uri (fixture, "qemu:///system", "");
}

static void
test_remote_ssh (Fixture       *fixture,
                 gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);

  g_assert_true (gtk_widget_get_sensitive (get_widget (fixture, "host_entry")));
  g_assert_true (gtk_widget_get_sensitive (get_widget (fixture, "port_entry")));
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (get_widget (fixture, "user_entry"))), ==, "root");

  /* No host yet: nothing to complain about, but nothing to connect to. */
  assert_uri (fixture, NULL, "");
  g_assert_false (has_error_style (fixture, "host_entry"));

  type_text (fixture, "host_entry", "host.example");
  assert_uri (fixture, "qemu+ssh://root@host.example/system", "");

  type_text (fixture, "port_entry", "2222");
  assert_uri (fixture, "qemu+ssh://root@host.example:2222/system", "");

  type_text (fixture, "user_entry", "alice");
  select_hypervisor (fixture, "qemu-session");
  assert_uri (fixture, "qemu+ssh://alice@host.example:2222/session", "");

  select_hypervisor (fixture, "xen");
  type_text (fixture, "port_entry", "");
  assert_uri (fixture, "xen+ssh://alice@host.example/system", "");

  /* Local again: the remote fields stay filled but no longer count. */
  set_active (fixture, "remote_check", FALSE);
  assert_uri (fixture, "xen:///system", "");
  g_assert_false (gtk_widget_get_sensitive (get_widget (fixture, "host_entry")));
}

static void
test_remote_user (Fixture       *fixture,
                  gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "host_entry", "h");
  type_text (fixture, "user_entry", "");
  assert_uri (fixture, "qemu+ssh://h/system", "");

  /* "root" is offered once: an emptied field stays empty. */
  set_active (fixture, "remote_check", FALSE);
  set_active (fixture, "remote_check", TRUE);
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (get_widget (fixture, "user_entry"))), ==, "");
  assert_uri (fixture, "qemu+ssh://h/system", "");

  type_text (fixture, "user_entry", "first last@corp");
  assert_uri (fixture, "qemu+ssh://first%20last%40corp@h/system", "");
}

/* A name typed before ticking remote is not replaced by "root". */
static void
test_remote_user_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  type_text (fixture, "user_entry", "bob");
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "host_entry", "h");
  assert_uri (fixture, "qemu+ssh://bob@h/system", "");
}

static void
test_remote_ipv6 (Fixture       *fixture,
                  gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "host_entry", "fe80::1");
  type_text (fixture, "port_entry", "22");
  assert_uri (fixture, "qemu+ssh://root@[fe80::1]:22/system", "");
}

static void
test_bad_host (Fixture       *fixture,
               gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "host_entry", "bad host");
  assert_uri (fixture, NULL, "“bad host” is not a valid host name.");
  g_assert_true (has_error_style (fixture, "host_entry"));

  type_text (fixture, "host_entry", "good-host");
  assert_uri (fixture, "qemu+ssh://root@good-host/system", "");
  g_assert_false (has_error_style (fixture, "host_entry"));

  /* Emptied again: back to quietly waiting for a host. */
  type_text (fixture, "host_entry", "");
  assert_uri (fixture, NULL, "");
}

static void
test_bad_port (Fixture       *fixture,
               gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "host_entry", "h");

  type_text (fixture, "port_entry", "ssh");
  assert_uri (fixture, NULL, "The port must be a number from 1 to 65535.");
  g_assert_true (has_error_style (fixture, "port_entry"));

  type_text (fixture, "port_entry", "70000");
  assert_uri (fixture, NULL, "The port must be a number from 1 to 65535.");

  /* Said even before there is a host. */
  type_text (fixture, "host_entry", "");
  assert_uri (fixture, NULL, "The port must be a number from 1 to 65535.");

  type_text (fixture, "host_entry", "h");
  type_text (fixture, "port_entry", "65535");
  assert_uri (fixture, "qemu+ssh://root@h:65535/system", "");
  g_assert_false (has_error_style (fixture, "port_entry"));
}

static void
test_autoconnect_follows_remote (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_assert_true (yado_add_connection_dialog_get_autoconnect (fixture->dialog));

  set_active (fixture, "remote_check", TRUE);
  g_assert_false (yado_add_connection_dialog_get_autoconnect (fixture->dialog));

  set_active (fixture, "remote_check", FALSE);
  g_assert_true (yado_add_connection_dialog_get_autoconnect (fixture->dialog));
}

/* Once the user has chosen, ticking remote leaves the choice alone. */
static void
test_autoconnect_user_choice (Fixture       *fixture,
                              gconstpointer  data)
{
  set_active (fixture, "autoconnect_check", FALSE);
  set_active (fixture, "remote_check", TRUE);
  set_active (fixture, "remote_check", FALSE);
  g_assert_false (yado_add_connection_dialog_get_autoconnect (fixture->dialog));

  set_active (fixture, "remote_check", TRUE);
  set_active (fixture, "autoconnect_check", TRUE);
  set_active (fixture, "remote_check", FALSE);
  set_active (fixture, "remote_check", TRUE);
  g_assert_true (yado_add_connection_dialog_get_autoconnect (fixture->dialog));
}

/* Read-only is off unless asked for, and changes nothing in the URI
 * (libvirt's read-only socket is a flag of the open, not of the URI). */
static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *before = yado_add_connection_dialog_get_uri (fixture->dialog);
  g_autofree char *after = NULL;

  g_assert_false (yado_add_connection_dialog_get_read_only (fixture->dialog));
  set_active (fixture, "read_only_check", TRUE);
  g_assert_true (yado_add_connection_dialog_get_read_only (fixture->dialog));
  after = yado_add_connection_dialog_get_uri (fixture->dialog);
  g_assert_cmpstr (after, ==, before);
}

static void
test_custom_uri (Fixture       *fixture,
                 gconstpointer  data)
{
  select_hypervisor (fixture, "custom");

  g_assert_true (gtk_widget_get_visible (get_widget (fixture, "custom_uri_entry")));
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "uri_label")));
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "remote_check")));
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "host_entry")));
  g_assert_true (gtk_widget_get_visible (get_widget (fixture, "autoconnect_check")));

  /* Empty: Connect waits, without an error yet. */
  assert_uri (fixture, NULL, "");

  type_text (fixture, "custom_uri_entry", "qemu");
  assert_uri (fixture, NULL, "Enter a URI such as qemu+ssh://user@host/system.");
  g_assert_true (has_error_style (fixture, "custom_uri_entry"));

  type_text (fixture, "custom_uri_entry", "qemu+ssh://bad host/system");
  assert_uri (fixture, NULL, "A URI cannot contain spaces.");

  type_text (fixture, "custom_uri_entry", "qemu+unix:///session?socket=/run/x/libvirt-sock");
  assert_uri (fixture, "qemu+unix:///session?socket=/run/x/libvirt-sock", "");
  g_assert_false (has_error_style (fixture, "custom_uri_entry"));

  /* Back to a hypervisor: the fields count again, the custom text not. */
  select_hypervisor (fixture, "lxc");
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "custom_uri_entry")));
  g_assert_true (gtk_widget_get_visible (get_widget (fixture, "uri_label")));
  assert_uri (fixture, "lxc:///system", "");
}

/* A custom URI does not depend on the remote box left ticked. */
static void
test_custom_ignores_remote (Fixture       *fixture,
                            gconstpointer  data)
{
  set_active (fixture, "remote_check", TRUE);
  type_text (fixture, "port_entry", "nonsense");
  select_hypervisor (fixture, "custom");
  type_text (fixture, "custom_uri_entry", "test:///default");
  assert_uri (fixture, "test:///default", "");
}

static void
show_dialog (Fixture *fixture)
{
  GtkWidget *parent = gtk_window_new (GTK_WINDOW_TOPLEVEL);

  /* A dialog mapped without a parent makes GTK complain. The parent goes
   * when the dialog does, in tear-down. */
  g_signal_connect_swapped (fixture->dialog, "destroy",
                            G_CALLBACK (gtk_widget_destroy), parent);
  gtk_window_set_transient_for (GTK_WINDOW (fixture->dialog), GTK_WINDOW (parent));
  gtk_widget_show_all (GTK_WIDGET (fixture->dialog));

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_shown_after_show_all (Fixture       *fixture,
                           gconstpointer  data)
{
  show_dialog (fixture);

  /* A caller's show_all() must not reveal the hidden custom row. */
  g_assert_false (gtk_widget_get_visible (get_widget (fixture, "custom_uri_entry")));

  g_assert_true (gtk_widget_get_mapped (get_widget (fixture, "connect_button")));
  g_assert_true (gtk_widget_get_mapped (get_widget (fixture, "hypervisor_combo")));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (fixture->dialog)) ==
                 get_widget (fixture, "connect_button"));
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Enter in an entry answers Connect once the URI is valid; the button's
 * activation runs a short timeout, so wait for the response a while. */
static int
press_enter_in (Fixture    *fixture,
                const char *name)
{
  int response = GTK_RESPONSE_NONE;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gulong handler_id;

  handler_id = g_signal_connect (fixture->dialog, "response",
                                 G_CALLBACK (on_response), &response);
  timeout_id = g_timeout_add (1000, on_timeout, &timed_out);

  /* As when typing: the entry has the focus, not the first widget. */
  gtk_widget_grab_focus (get_widget (fixture, name));
  gtk_widget_activate (get_widget (fixture, name));
  while (response == GTK_RESPONSE_NONE && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);
  g_signal_handler_disconnect (fixture->dialog, handler_id);

  return response;
}

static void
test_enter_connects (Fixture       *fixture,
                     gconstpointer  data)
{
  show_dialog (fixture);
  set_active (fixture, "remote_check", TRUE);

  /* No host: Enter does nothing. */
  g_assert_cmpint (press_enter_in (fixture, "host_entry"), ==, GTK_RESPONSE_NONE);

  type_text (fixture, "host_entry", "h");
  g_assert_cmpint (press_enter_in (fixture, "host_entry"), ==, GTK_RESPONSE_OK);
}

static void
assert_accessible_name (Fixture    *fixture,
                        const char *widget_name,
                        const char *accessible_name)
{
  AtkObject *accessible = gtk_widget_get_accessible (get_widget (fixture, widget_name));

  g_assert_cmpstr (atk_object_get_name (accessible), ==, accessible_name);
}

static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  assert_accessible_name (fixture, "hypervisor_combo", "Hypervisor");
  assert_accessible_name (fixture, "remote_check", "Remote over SSH");
  assert_accessible_name (fixture, "user_entry", "Username");
  assert_accessible_name (fixture, "host_entry", "Host");
  assert_accessible_name (fixture, "port_entry", "Port");
  assert_accessible_name (fixture, "autoconnect_check", "Autoconnect");
  assert_accessible_name (fixture, "uri_label", "Generated URI");
  assert_accessible_name (fixture, "custom_uri_entry", "Custom URI");
}

static void
test_get_widget (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char * const names[] = {
    "hypervisor_combo", "remote_check", "user_entry", "host_entry",
    "port_entry", "autoconnect_check", "uri_label", "custom_uri_entry",
    "error_label", "connect_button",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (GTK_IS_WIDGET (yado_add_connection_dialog_get_widget (fixture->dialog, names[i])));

  g_assert_null (yado_add_connection_dialog_get_widget (fixture->dialog, "no_such_widget"));
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());

  add_test ("/ui/add-connection/defaults", test_defaults);
  add_test ("/ui/add-connection/connect-is-default", test_connect_is_default);
  add_test ("/ui/add-connection/connect-responds-ok", test_connect_responds_ok);
  add_test ("/ui/add-connection/hypervisors", test_hypervisors);
  add_test ("/ui/add-connection/remote/ssh", test_remote_ssh);
  add_test ("/ui/add-connection/remote/user", test_remote_user);
  add_test ("/ui/add-connection/remote/user-kept", test_remote_user_kept);
  add_test ("/ui/add-connection/remote/ipv6", test_remote_ipv6);
  add_test ("/ui/add-connection/remote/bad-host", test_bad_host);
  add_test ("/ui/add-connection/remote/bad-port", test_bad_port);
  add_test ("/ui/add-connection/autoconnect/follows-remote", test_autoconnect_follows_remote);
  add_test ("/ui/add-connection/autoconnect/user-choice", test_autoconnect_user_choice);
  add_test ("/ui/add-connection/read-only", test_read_only);
  add_test ("/ui/add-connection/custom/uri", test_custom_uri);
  add_test ("/ui/add-connection/custom/ignores-remote", test_custom_ignores_remote);
  add_test ("/ui/add-connection/show-all", test_shown_after_show_all);
  add_test ("/ui/add-connection/enter-connects", test_enter_connects);
  add_test ("/ui/add-connection/accessible-names", test_accessible_names);
  add_test ("/ui/add-connection/get-widget", test_get_widget);

  return g_test_run ();
}
