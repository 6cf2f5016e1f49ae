/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ssh's questions as yado-askpass passes them (OpenSSH 9.2's real texts),
 * and the login yado-ssh names from libvirt's ssh command line. */
#include <libvirt/libvirt.h>

#include "yado-ssh-control.h"
#include "yado-ssh-prompt.h"

#define LOGIN "yado-pw@127.0.0.1:2222"

static void
test_unknown_host_key (void)
{
  g_autoptr(YadoAuthRequest) request = yado_ssh_prompt_to_request (LOGIN, NULL,
    "The authenticity of host '[127.0.0.1]:35209 ([127.0.0.1]:35209)' can't be established.\n"
    "ED25519 key fingerprint is SHA256:Fk9Q0DAYHUU3x1VaaUBE3MbgykUZdmyMSDRkk5vC9Jw.\n"
    "This key is not known by any other names.\n"
    "Are you sure you want to continue connecting (yes/no/[fingerprint])? ");

  g_assert_cmpint (yado_auth_request_get_kind (request), ==, YADO_AUTH_HOST_KEY);
  g_assert_cmpstr (yado_auth_request_get_host (request), ==, "[127.0.0.1]:35209");
  g_assert_cmpstr (yado_auth_request_get_key_type (request), ==, "ED25519");
  g_assert_cmpstr (yado_auth_request_get_fingerprint (request), ==,
                   "SHA256:Fk9Q0DAYHUU3x1VaaUBE3MbgykUZdmyMSDRkk5vC9Jw");
  g_assert_cmpstr (yado_auth_request_get_login (request), ==, LOGIN);
  g_assert_cmpuint (yado_auth_request_get_n_prompts (request), ==, 0);
}

static void
test_host_key_with_other_names (void)
{
  /* A name whose key ssh knows under another name: a longer question. */
  g_autoptr(YadoAuthRequest) request = yado_ssh_prompt_to_request (LOGIN, "",
    "The authenticity of host 'db.example.org (192.0.2.7)' can't be established.\n"
    "ECDSA key fingerprint is SHA256:abcdEFGH0123456789abcdEFGH0123456789abcdEFG.\n"
    "This host key is known by the following other names/addresses:\n"
    "    ~/.ssh/known_hosts:12: db\n"
    "Are you sure you want to continue connecting (yes/no/[fingerprint])? ");

  g_assert_cmpint (yado_auth_request_get_kind (request), ==, YADO_AUTH_HOST_KEY);
  g_assert_cmpstr (yado_auth_request_get_host (request), ==, "db.example.org");
  g_assert_cmpstr (yado_auth_request_get_key_type (request), ==, "ECDSA");
  g_assert_cmpstr (yado_auth_request_get_fingerprint (request), ==,
                   "SHA256:abcdEFGH0123456789abcdEFGH0123456789abcdEFG");
}

static void
check_secret (const char *prompt, const char *label)
{
  g_autoptr(YadoAuthRequest) request = yado_ssh_prompt_to_request (LOGIN, NULL, prompt);
  YadoAuthPrompt *p;

  g_assert_cmpint (yado_auth_request_get_kind (request), ==, YADO_AUTH_CREDENTIALS);
  g_assert_cmpuint (yado_auth_request_get_n_prompts (request), ==, 1);
  p = yado_auth_request_get_prompt (request, 0);
  g_assert_cmpstr (p->prompt, ==, label);
  g_assert_true (p->secret);
  g_assert_cmpint (p->type, ==, VIR_CRED_PASSPHRASE);
}

static void
test_secrets (void)
{
  check_secret ("yado-pw@127.0.0.1's password: ", "yado-pw@127.0.0.1's password");
  check_secret ("Enter passphrase for key '/root/.ssh/id_ed25519': ",
                "Enter passphrase for key '/root/.ssh/id_ed25519'");
  /* keyboard-interactive puts the login first. */
  check_secret ("(yado-pw@127.0.0.1) Password: ", "Password");
  check_secret ("(root@host) Verification code: ", "Verification code");
}

static void
test_notice_and_confirm (void)
{
  g_autoptr(YadoAuthRequest) confirm = NULL;

  /* "none": a notice (touch your key) that needs no answer. */
  g_assert_null (yado_ssh_prompt_to_request (LOGIN, "none", "Confirm user presence for key"));
  confirm = yado_ssh_prompt_to_request (LOGIN, "confirm", "Allow use of key id_ed25519?");
  g_assert_cmpuint (yado_auth_request_get_n_prompts (confirm), ==, 1);
  g_assert_false (yado_auth_request_get_prompt (confirm, 0)->secret);
}

static void
check_argv_login (const char *expected, const char *args)
{
  g_auto(GStrv) argv = g_strsplit (args, " ", -1);
  g_autofree char *login = yado_ssh_control_login_from_argv (g_strv_length (argv), argv);

  g_assert_cmpstr (login, ==, expected);
}

static void
test_login_from_argv (void)
{
  /* libvirt 9's ssh command line for qemu+ssh://user@host:2222/system. */
  check_argv_login ("user@host:2222", "-p 2222 -l user -T -e none -- host sh -c cmd");
  check_argv_login ("user@host:2222",
                    "-o ControlMaster=auto -p 2222 -l user -i /k -T -e none -- host sh -c x");
  check_argv_login ("host", "-T -e none -- host sh -c x");
  check_argv_login ("host", "-p 22 -T -- host sh");
  check_argv_login ("me@host", "me@host nc");
  {
    g_auto(GStrv) no_host = g_strsplit ("-p 22", " ", -1);

    g_assert_null (yado_ssh_control_login_from_argv (2, no_host));
  }
  /* Both sides name a login alike. */
  {
    g_autofree char *a = yado_ssh_control_login_name ("user", "host", 2222);
    g_autofree char *b = yado_ssh_control_login_name (NULL, "host", 22);

    g_assert_cmpstr (a, ==, "user@host:2222");
    g_assert_cmpstr (b, ==, "host");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ssh-prompt/unknown-host-key", test_unknown_host_key);
  g_test_add_func ("/ssh-prompt/host-key-other-names", test_host_key_with_other_names);
  g_test_add_func ("/ssh-prompt/secrets", test_secrets);
  g_test_add_func ("/ssh-prompt/notice-and-confirm", test_notice_and_confirm);
  g_test_add_func ("/ssh-prompt/login-from-argv", test_login_from_argv);
  return g_test_run ();
}
