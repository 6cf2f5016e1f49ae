/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM window, in-process under Xvfb, on the small-host.xml fixture:
 * its title, the page a stopped VM shows with its Run button, the actions
 * its state allows, following the VM live, one window per VM, and a size
 * kept per VM.
 */
#include <string.h>

#include <gtk/gtk.h>

#include "yado-application.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"
#include "yado-vm-window.h"

#define WAIT_MS 5000

typedef struct {
  YadoConnection *c;
  GSettings      *settings;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");

  f->settings = yado_settings_new ();
  g_settings_reset (f->settings, "vm-window-sizes");
  f->c = yado_test_open (uri);
  yado_connection_set_stats_interval (f->c, 0);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  yado_connection_close (f->c);
  g_object_unref (f->c);
  g_object_unref (f->settings);
}

static YadoVmWindow *
open_window (Fixture *f, const char *name)
{
  YadoVmWindow *window = yado_vm_window_new (NULL, yado_test_domain (f->c, name), f->settings);

  gtk_widget_show (GTK_WIDGET (window));
  yado_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)), WAIT_MS);
  return window;
}

/* The text on the console's page while there is no screen. */
static const char *
console_message (YadoVmWindow *window)
{
  return yado_console_page_get_message (yado_vm_window_get_console_page (window));
}

static gboolean
enabled (YadoVmWindow *window, const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), action);
}

static void
test_stopped_vm_offers_run (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "gamma");
  YadoDomain *gamma = yado_test_domain (f->c, "gamma");

  /* Titles come after the listing: the window's follows. */
  yado_test_wait_until (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)),
                                   "Gamma database on Test: small-host.xml") == 0, WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "not-running");
  g_assert_true (enabled (window, "run"));
  g_assert_false (enabled (window, "pause"));
  g_assert_false (enabled (window, "shutdown"));
  /* No screen: nothing to send keys to or to save. */
  g_assert_false (enabled (window, "send-key"));
  g_assert_false (enabled (window, "screenshot"));
  g_assert_false (enabled (window, "console-device"));
  g_assert_false (gtk_widget_is_sensitive (yado_test_find_widget_by_name (GTK_WIDGET (window),
                                                                          "Screenshot")));

  /* The big Run button starts it, and the page follows the VM. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "run", NULL);
  yado_test_wait_until (yado_domain_get_state (gamma) == YADO_DOMAIN_RUNNING, WAIT_MS);
  /* The test driver has no graphics server: the console's place says so,
   * in libvirt's words. (tests/test-live-console.c sees a real screen.) */
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "console-message") == 0
                        && strstr (console_message (window), "Could not open the console of “gamma”") != NULL,
                        WAIT_MS);
  g_assert_false (enabled (window, "run"));
  g_assert_true (enabled (window, "pause"));
  g_assert_true (enabled (window, "shutdown"));

  /* Closing the window leaves the VM running. */
  gtk_window_close (GTK_WINDOW (window));
  yado_test_wait_until (yado_connection_get_domains_listed (f->c), WAIT_MS);
  for (int i = 0; i < 10; i++)
    yado_test_iterate ();
  g_assert_cmpint (yado_domain_get_state (gamma), ==, YADO_DOMAIN_RUNNING);
}

static void
test_saved_vm_restores (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "delta");

  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "not-running");
  g_assert_true (enabled (window, "run"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "delta on Test: small-host.xml");
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_follows_actions_elsewhere (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "alpha");
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");

  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console-message");
  /* Paused through the model (as the manager would): Resume takes over. */
  g_assert_true (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_PAUSE, NULL, NULL));
  yado_test_wait_until (enabled (window, "resume"), WAIT_MS);
  g_assert_false (enabled (window, "pause"));

  g_assert_true (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "not-running") == 0, WAIT_MS);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_transient_vm_gone (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "zeta");
  YadoDomain *zeta = yado_test_domain (f->c, "zeta");

  /* A transient VM that stops no longer exists: the window says so and
   * offers nothing to do. */
  g_assert_true (yado_domain_lifecycle_sync (zeta, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (g_strcmp0 (yado_vm_window_get_page (window), "gone") == 0, WAIT_MS);
  g_assert_false (enabled (window, "run"));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_size_kept_per_vm (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "eta");
  int width = 0, height = 0;

  gtk_window_resize (GTK_WINDOW (window), 640, 480);
  yado_test_wait_until ((gtk_window_get_size (GTK_WINDOW (window), &width, &height), width == 640),
                        WAIT_MS);
  gtk_window_close (GTK_WINDOW (window));
  for (int i = 0; i < 5; i++)
    yado_test_iterate ();

  window = open_window (f, "eta");
  gtk_window_get_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  gtk_widget_destroy (GTK_WIDGET (window));

  /* Another VM keeps the default size. */
  window = open_window (f, "beta");
  gtk_window_get_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_one_window_per_vm (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoApplication) app = yado_application_new ();
  g_autoptr(GError) error = NULL;
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");
  YadoDomain *beta = yado_test_domain (f->c, "beta");
  GList *windows;

  /* Not unique: this test must not find or become another Yado. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  yado_application_show_domain (app, alpha);
  yado_application_show_domain (app, alpha); /* raised, not doubled */
  yado_application_show_domain (app, beta);
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 2);

  /* Once closed, opening it again makes a new one. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (yado_vm_window_get_domain (l->data) == alpha)
      {
        gtk_widget_destroy (l->data);
        break;
      }
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  yado_application_show_domain (app, alpha);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    gtk_widget_destroy (gtk_application_get_windows (GTK_APPLICATION (app))->data);
}


/* Without a screen there is nothing to send keys to or to save; the
 * message says why and Try Again tries again. */
static void
test_console_controls_follow_page (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "alpha");
  YadoConsolePage *page = yado_vm_window_get_console_page (window);

  yado_test_wait_until (strstr (console_message (window), "Could not open the console") != NULL,
                        WAIT_MS);
  g_assert_cmpstr (yado_vm_window_get_page (window), ==, "console-message");
  g_assert_false (enabled (window, "send-key"));
  g_assert_false (enabled (window, "screenshot"));
  g_assert_false (enabled (window, "type-clipboard"));
  g_assert_false (enabled (window, "usb-devices"));
  g_assert_true (enabled (window, "console-device"));

  /* Try Again: connecting, then libvirt's answer again. */
  yado_console_page_retry (page);
  g_assert_cmpstr (console_message (window), ==, "Connecting to the console…");
  yado_test_wait_until (strstr (console_message (window), "Could not open the console") != NULL,
                        WAIT_MS);

  /* A stopped VM has no console to choose. */
  g_assert_true (yado_domain_lifecycle_sync (yado_test_domain (f->c, "alpha"),
                                             YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (!enabled (window, "console-device"), WAIT_MS);
  gtk_widget_destroy (GTK_WIDGET (window));
}

/* View choices: scaling and release keys are kept for every VM, the
 * clipboard per VM (shared by default on this computer). */
static void
test_console_view_settings (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "alpha");
  YadoConsole *console = yado_vm_window_get_console (window);
  GActionGroup *group = G_ACTION_GROUP (window);
  g_autoptr(GVariant) sharing = NULL;
  g_autofree char *scaling = NULL;
  g_autofree char *keys = NULL;
  gboolean share = FALSE;

  g_assert_true (yado_console_get_scaling (console));
  g_assert_false (enabled (window, "zoom-in"));
  g_action_group_change_action_state (group, "scaling", g_variant_new_string ("never"));
  g_assert_false (yado_console_get_scaling (console));
  g_assert_true (enabled (window, "zoom-in"));
  g_action_group_activate_action (group, "zoom-in", NULL);
  g_action_group_activate_action (group, "zoom-in", NULL);
  g_assert_cmpuint (yado_console_get_zoom (console), ==, 125);
  g_action_group_activate_action (group, "zoom-normal", NULL);
  g_assert_cmpuint (yado_console_get_zoom (console), ==, 100);
  scaling = g_settings_get_string (f->settings, "console-scaling");
  g_assert_cmpstr (scaling, ==, "never");

  g_action_group_change_action_state (group, "release-keys",
                                      g_variant_new_string ("Control_L+Alt_L+Shift_L"));
  keys = g_settings_get_string (f->settings, "console-release-keys");
  g_assert_cmpstr (keys, ==, "Control_L+Alt_L+Shift_L");

  /* test:/// is this computer: the clipboard is shared until turned off. */
  g_assert_true (g_variant_get_boolean (g_action_group_get_action_state (group, "share-clipboard")));
  g_action_group_change_action_state (group, "share-clipboard", g_variant_new_boolean (FALSE));
  sharing = g_settings_get_value (f->settings, "vm-clipboard-sharing");
  g_assert_true (g_variant_lookup (sharing, yado_domain_get_uuid (yado_vm_window_get_domain (window)),
                                   "b", &share));
  g_assert_false (share);
  gtk_widget_destroy (GTK_WIDGET (window));

  /* A new window of the same VM remembers; scaling stays "never". */
  window = open_window (f, "alpha");
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                           "share-clipboard")));
  g_assert_false (yado_console_get_scaling (yado_vm_window_get_console (window)));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_describe_release_keys (Fixture *f, gconstpointer data)
{
  g_autofree char *a = yado_console_page_describe_keys ("Control_L+Alt_L");
  g_autofree char *b = yado_console_page_describe_keys ("Control_R");
  g_autofree char *c = yado_console_page_describe_keys ("Shift_L+F12");

  g_assert_cmpstr (a, ==, "Ctrl+Alt");
  g_assert_cmpstr (b, ==, "Ctrl");
  g_assert_cmpstr (c, ==, "Shift+F12");
}

/* What a window manager says once it has made the window full screen (or
 * not): Xvfb runs none, so the test answers gtk_window_fullscreen(). */
static void
window_manager_answers (YadoVmWindow *window, gboolean fullscreen)
{
  GdkEvent *event = gdk_event_new (GDK_WINDOW_STATE);

  event->window_state.window = g_object_ref (gtk_widget_get_window (GTK_WIDGET (window)));
  event->window_state.changed_mask = GDK_WINDOW_STATE_FULLSCREEN;
  event->window_state.new_window_state = fullscreen ? GDK_WINDOW_STATE_FULLSCREEN : 0;
  gtk_widget_event (GTK_WIDGET (window), event);
  gdk_event_free (event);
}

/* Full screen hides the toolbar; a floating one offers the way back. */
static void
test_fullscreen (Fixture *f, gconstpointer data)
{
  YadoVmWindow *window = open_window (f, "alpha");
  GtkWidget *leave = yado_test_find_widget_by_name (GTK_WIDGET (window), "Leave full screen");
  GtkWidget *toolbar = gtk_widget_get_ancestor (yado_test_find_widget_by_name (GTK_WIDGET (window), "Console"),
                                                GTK_TYPE_TOOLBAR);

  g_assert_nonnull (leave);
  g_assert_nonnull (toolbar);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (leave, GTK_TYPE_REVEALER))));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "fullscreen", g_variant_new_boolean (TRUE));
  window_manager_answers (window, TRUE);
  yado_test_wait_until (!gtk_widget_get_visible (toolbar), WAIT_MS);
  yado_test_wait_until (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (leave, GTK_TYPE_REVEALER))),
                        WAIT_MS);
  g_assert_true (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window), "fullscreen")));

  /* The floating button leaves full screen. */
  gtk_button_clicked (GTK_BUTTON (leave));
  window_manager_answers (window, FALSE);
  yado_test_wait_until (gtk_widget_get_visible (toolbar), WAIT_MS);
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window), "fullscreen")));
  gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_resources_register (yado_get_resource ());
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/vm-window/stopped-vm-offers-run", test_stopped_vm_offers_run);
  ADD ("/vm-window/saved-vm-restores", test_saved_vm_restores);
  ADD ("/vm-window/follows-actions-elsewhere", test_follows_actions_elsewhere);
  ADD ("/vm-window/transient-vm-gone", test_transient_vm_gone);
  ADD ("/vm-window/size-kept-per-vm", test_size_kept_per_vm);
  ADD ("/vm-window/one-window-per-vm", test_one_window_per_vm);
  ADD ("/vm-window/console-controls-follow-page", test_console_controls_follow_page);
  ADD ("/vm-window/console-view-settings", test_console_view_settings);
  ADD ("/vm-window/describe-release-keys", test_describe_release_keys);
  ADD ("/vm-window/fullscreen", test_fullscreen);
#undef ADD
  return g_test_run ();
}
