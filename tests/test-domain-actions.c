/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lifecycle actions through the model, on the test driver: each one an
 * async job whose result says what happened, or libvirt's error. */
#include <string.h>

#include "yado-error.h"
#include "yado-test-utils.h"

#define WAIT_MS 5000

typedef struct {
  YadoConnection *c;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");

  f->c = yado_test_open (uri);
  yado_connection_set_stats_interval (f->c, 0);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  yado_connection_close (f->c);
  g_object_unref (f->c);
}

static void
act (YadoDomain *domain, YadoLifecycleOp op)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yado_domain_can (domain, op));
  if (!yado_domain_lifecycle_sync (domain, op, NULL, &error))
    g_error ("%s failed: %s", yado_lifecycle_op_to_verb (op), error->message);
}

static void
test_pause_resume_shutdown_start (Fixture *f, gconstpointer data)
{
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");

  act (alpha, YADO_LIFECYCLE_PAUSE);
  yado_test_wait_until (yado_domain_get_state (alpha) == YADO_DOMAIN_PAUSED, WAIT_MS);
  g_assert_false (yado_domain_can (alpha, YADO_LIFECYCLE_PAUSE));
  g_assert_true (yado_domain_can (alpha, YADO_LIFECYCLE_RESUME));

  act (alpha, YADO_LIFECYCLE_RESUME);
  yado_test_wait_until (yado_domain_get_state (alpha) == YADO_DOMAIN_RUNNING, WAIT_MS);

  act (alpha, YADO_LIFECYCLE_SHUTDOWN);
  yado_test_wait_until (yado_domain_get_state (alpha) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  g_assert_true (yado_domain_can (alpha, YADO_LIFECYCLE_START));
  g_assert_false (yado_domain_can (alpha, YADO_LIFECYCLE_SHUTDOWN));

  act (alpha, YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (alpha) == YADO_DOMAIN_RUNNING, WAIT_MS);

  act (alpha, YADO_LIFECYCLE_REBOOT);
  act (alpha, YADO_LIFECYCLE_RESET);
  g_assert_cmpint (yado_domain_get_state (alpha), ==, YADO_DOMAIN_RUNNING);

  act (alpha, YADO_LIFECYCLE_FORCE_OFF);
  yado_test_wait_until (yado_domain_get_state (alpha) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
}

static void
test_managed_save_and_restore (Fixture *f, gconstpointer data)
{
  YadoDomain *eta = yado_test_domain (f->c, "eta");
  YadoDomain *delta = yado_test_domain (f->c, "delta");

  act (eta, YADO_LIFECYCLE_SAVE);
  yado_test_wait_until (yado_domain_get_state (eta) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  yado_test_wait_until (yado_domain_get_has_managed_save (eta), WAIT_MS);
  g_assert_cmpstr (yado_domain_get_state_text (eta), ==, "Saved");

  /* Start restores the saved image. */
  act (delta, YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (delta) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_wait_until (!yado_domain_get_has_managed_save (delta), WAIT_MS);
}

static void
test_autostart (Fixture *f, gconstpointer data)
{
  YadoDomain *gamma = yado_test_domain (f->c, "gamma");

  g_assert_false (yado_domain_get_autostart (gamma));
  act (gamma, YADO_LIFECYCLE_AUTOSTART_ON);
  /* No event tells of autostart: the action reads the domain again. */
  yado_test_wait_until (yado_domain_get_autostart (gamma), WAIT_MS);
  act (gamma, YADO_LIFECYCLE_AUTOSTART_OFF);
  yado_test_wait_until (!yado_domain_get_autostart (gamma), WAIT_MS);
}

static void
test_transient_force_off_removes_it (Fixture *f, gconstpointer data)
{
  YadoDomain *zeta = yado_test_domain (f->c, "zeta");

  g_assert_false (yado_domain_can (zeta, YADO_LIFECYCLE_SAVE));
  act (zeta, YADO_LIFECYCLE_FORCE_OFF);
  yado_test_wait_until (yado_connection_lookup_domain (f->c, "zeta") == NULL, WAIT_MS);
}

static void
test_error_carries_libvirt_message (Fixture *f, gconstpointer data)
{
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");
  g_autoptr(GError) error = NULL;

  /* Resuming a running domain: libvirt refuses, and says so. */
  g_assert_false (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_RESUME, NULL, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not resume “alpha”: "));
  g_assert_cmpint (strlen (error->message), >, strlen ("Could not resume “alpha”: "));
}

static void
test_cancelled_action (Fixture *f, gconstpointer data)
{
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_PAUSE, cancellable, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_CANCELLED);
  g_assert_cmpint (yado_domain_get_state (alpha), ==, YADO_DOMAIN_RUNNING);
}

static void
test_actions_need_a_connection (Fixture *f, gconstpointer data)
{
  g_autoptr(YadoDomain) alpha = g_object_ref (yado_test_domain (f->c, "alpha"));
  g_autoptr(GError) error = NULL;

  yado_connection_close (f->c);
  g_assert_false (yado_domain_can (alpha, YADO_LIFECYCLE_PAUSE));
  g_assert_false (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_PAUSE, NULL, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_NOT_CONNECTED);
}

/* A read-only connection (libvirt's read-only socket, VIR_CONNECT_RO)
 * shows every domain and allows no action; libvirt itself refuses one
 * asked anyway, so the connection really is read-only. */
static void
test_read_only_connection (void)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");
  g_autoptr(YadoConnection) c = yado_connection_new (uri);
  g_autoptr(GError) error = NULL;
  YadoDomain *alpha;

  yado_connection_set_read_only (c, TRUE);
  yado_connection_set_stats_interval (c, 0);
  g_assert_true (yado_connection_open_sync (c, WAIT_MS, &error));
  alpha = yado_test_domain (c, "alpha");
  g_assert_cmpint (yado_domain_get_state (alpha), ==, YADO_DOMAIN_RUNNING);
  for (YadoLifecycleOp op = YADO_LIFECYCLE_START; op <= YADO_LIFECYCLE_AUTOSTART_OFF; op++)
    g_assert_false (yado_domain_can (alpha, op));
  g_assert_false (yado_domain_lifecycle_sync (alpha, YADO_LIFECYCLE_PAUSE, NULL, &error));
  g_test_message ("pause on a read-only connection: %s", error->message);
  g_assert_nonnull (strstr (error->message, "read only"));
  g_assert_cmpint (yado_domain_get_state (alpha), ==, YADO_DOMAIN_RUNNING);
  yado_connection_close (c);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/actions/pause-resume-shutdown-start", test_pause_resume_shutdown_start);
  ADD ("/actions/managed-save-and-restore", test_managed_save_and_restore);
  ADD ("/actions/autostart", test_autostart);
  ADD ("/actions/transient-force-off", test_transient_force_off_removes_it);
  ADD ("/actions/error-message", test_error_carries_libvirt_message);
  ADD ("/actions/cancelled", test_cancelled_action);
  ADD ("/actions/need-a-connection", test_actions_need_a_connection);
#undef ADD
  g_test_add_func ("/actions/read-only-connection", test_read_only_connection);
  return g_test_run ();
}
