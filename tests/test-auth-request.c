/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The credentials hand-off: libvirt's callback waits on a worker thread
 * while the main thread asks the user. */
#include "yado-auth-request.h"
#include "yado-test-utils.h"

typedef struct {
  YadoAuthRequest *request;
  guint            timeout_ms;
  gboolean         ok;
  gboolean         done;
} Waiter;

static gpointer
wait_thread (gpointer data)
{
  Waiter *w = data;

  w->ok = yado_auth_request_wait (w->request, w->timeout_ms);
  g_atomic_int_set (&w->done, TRUE);
  return NULL;
}

static void
test_answered (void)
{
  g_autoptr(YadoAuthRequest) request = yado_auth_request_new ("qemu+tcp://host/system");
  Waiter w = { request, 10000, FALSE, FALSE };
  GThread *thread;

  yado_auth_request_add_prompt (request, 1 /* VIR_CRED_AUTHNAME */, "Username: ", NULL, "root", FALSE);
  yado_auth_request_add_prompt (request, 5 /* VIR_CRED_PASSPHRASE */, "Password: ", NULL, NULL, TRUE);
  thread = g_thread_new ("waiter", wait_thread, &w);

  g_assert_cmpuint (yado_auth_request_get_n_prompts (request), ==, 2);
  g_assert_false (yado_auth_request_get_prompt (request, 0)->secret);
  g_assert_true (yado_auth_request_get_prompt (request, 1)->secret);
  g_assert_false (g_atomic_int_get (&w.done)); /* still waiting for the user */

  yado_auth_request_set_result (request, 0, "alice");
  yado_auth_request_set_result (request, 1, "s3cret");
  yado_auth_request_complete (request, TRUE);
  g_thread_join (thread);
  g_assert_true (w.ok);
  g_assert_cmpstr (yado_auth_request_get_prompt (request, 0)->result, ==, "alice");
  g_assert_cmpstr (yado_auth_request_get_prompt (request, 1)->result, ==, "s3cret");
}

static void
test_cancelled (void)
{
  g_autoptr(YadoAuthRequest) request = yado_auth_request_new ("qemu+tcp://host/system");
  Waiter w = { request, 10000, TRUE, FALSE };
  GThread *thread = g_thread_new ("waiter", wait_thread, &w);

  yado_auth_request_complete (request, FALSE);
  g_thread_join (thread);
  g_assert_false (w.ok);
}

static void
test_nobody_answers (void)
{
  g_autoptr(YadoAuthRequest) request = yado_auth_request_new ("qemu+tcp://host/system");
  gint64 start = g_get_monotonic_time ();

  /* The worker gives up rather than waiting forever... */
  g_assert_false (yado_auth_request_wait (request, 100));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  /* ...and a late answer changes nothing. */
  yado_auth_request_complete (request, TRUE);
  g_assert_false (yado_auth_request_wait (request, 0));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth-request/answered", test_answered);
  g_test_add_func ("/auth-request/cancelled", test_cancelled);
  g_test_add_func ("/auth-request/nobody-answers", test_nobody_answers);
  return g_test_run ();
}
