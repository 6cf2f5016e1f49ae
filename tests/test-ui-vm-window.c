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
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (yado_vm_window_get_console (window)),
                                                        GTK_TYPE_STACK));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, "console-message");

  return gtk_label_get_text (GTK_LABEL (page));
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
#undef ADD
  return g_test_run ();
}
