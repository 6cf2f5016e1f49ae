/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a user reads when a connection cannot be opened. The libvirt
 * messages here were seen for real, from `virsh -c URI list` (libvirt 9.0,
 * OpenSSH 9.2, netcat-openbsd, dash as sh) against each situation: a
 * private sshd, a socket nobody listens on, a TCP listener that is not
 * sshd, a changed host key in known_hosts, a PATH without nc ... (the two
 * that were not say so). tests/test-live-ssh-errors.c makes the same
 * situations through Yado.
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "yado-connection-error.h"
#include "yado-error.h"

#define SSH_URI "qemu+ssh://yado-test@127.0.0.1:2299/session"

typedef struct {
  const char             *uri;
  const char             *message;   /* libvirt's, as seen */
  YadoConnectionErrorKind kind;
  const char             *says;      /* a part of the sentence */
} Case;

static void
check_cases (const Case *cases, gsize n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *sentence = yado_connection_error_explain (cases[i].uri, cases[i].message);

      g_test_message ("%s\n  -> %s", cases[i].message, sentence);
      g_assert_cmpint (yado_connection_error_classify (cases[i].message), ==, cases[i].kind);
      g_assert_nonnull (sentence);
      if (strstr (sentence, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s”", sentence, cases[i].says);
    }
}

static void
test_unknown_host (void)
{
  static const Case cases[] = {
    { "qemu+ssh://root@nosuchhost/system",
      "Cannot recv data: ssh: Could not resolve hostname nosuchhost: Name or service not "
      "known: Connection reset by peer",
      YADO_CONNECTION_ERROR_UNKNOWN_HOST, "Could not find the host “nosuchhost”." },
    { "qemu+libssh://yado-test@nosuchhost/system",
      "Unable to resolve address 'nosuchhost' service '22': Name or service not known",
      YADO_CONNECTION_ERROR_UNKNOWN_HOST, "Could not find the host “nosuchhost”." },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_refused (void)
{
  static const Case cases[] = {
    { "qemu+ssh://root@127.0.0.1:1/system",
      "Cannot recv data: ssh: connect to host 127.0.0.1 port 1: Connection refused: "
      "Connection reset by peer",
      YADO_CONNECTION_ERROR_REFUSED,
      "The host “127.0.0.1” refused the connection on port 1: no SSH server listens there." },
    /* No port in the URI: ssh's own. */
    { "qemu+ssh://root@192.0.2.1/system",
      "Cannot recv data: ssh: connect to host 192.0.2.1 port 22: Connection refused: "
      "Connection reset by peer",
      YADO_CONNECTION_ERROR_REFUSED, "on port 22" },
    { "qemu+tcp://127.0.0.1:1/system",
      "unable to connect to server at '127.0.0.1:1': Connection refused",
      YADO_CONNECTION_ERROR_REFUSED, "libvirt does not listen there" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* A port where something else than sshd answers. */
static void
test_not_ssh (void)
{
  static const Case cases[] = {
    /* It accepts and closes. */
    { "qemu+ssh://yado-test@127.0.0.1:2301/system",
      "Cannot recv data: kex_exchange_identification: Connection closed by remote host\n"
      "Connection closed by 127.0.0.1 port 2301: Connection reset by peer",
      YADO_CONNECTION_ERROR_NOT_SSH,
      "Something answered on port 2301 of “127.0.0.1”, but not an SSH server" },
    /* It talks first (HTTP), then closes. */
    { "qemu+ssh://yado-test@127.0.0.1:2303/system",
      "Cannot recv data: kex_exchange_identification: read: Connection reset by peer\n"
      "Connection reset by 127.0.0.1 port 2303: Connection reset by peer",
      YADO_CONNECTION_ERROR_NOT_SSH, "but not an SSH server" },
    /* It sends binary. */
    { "qemu+ssh://yado-test@127.0.0.1:2304/system",
      "Cannot recv data: kex_exchange_identification: banner line contains invalid "
      "characters\nbanner exchange: Connection to 127.0.0.1 port 2304: invalid format: "
      "Connection reset by peer",
      YADO_CONNECTION_ERROR_NOT_SSH, "but not an SSH server" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_unreachable (void)
{
  static const Case cases[] = {
    /* An address with an "unreachable" route. */
    { "qemu+ssh://root@198.51.100.7/system",
      "Cannot recv data: ssh: connect to host 198.51.100.7 port 22: No route to host: "
      "Connection reset by peer",
      YADO_CONNECTION_ERROR_UNREACHABLE, "Could not reach the host “198.51.100.7”." },
    { "qemu+tcp://198.51.100.7/system",
      "unable to connect to server at '198.51.100.7:16509': No route to host",
      YADO_CONNECTION_ERROR_UNREACHABLE, "Could not reach the host “198.51.100.7”." },
    /* What ssh -o ConnectTimeout=3 said to a host that takes the
     * connection and says nothing, in libvirt's words around it (without
     * a ConnectTimeout ssh waits, and Yado's own time-out speaks). */
    { "qemu+ssh://root@10.255.255.1/system",
      "Cannot recv data: Connection timed out during banner exchange\n"
      "Connection to 10.255.255.1 port 22 timed out: Connection reset by peer",
      YADO_CONNECTION_ERROR_UNREACHABLE, "Could not reach the host “10.255.255.1”." },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_login_refused (void)
{
  static const Case cases[] = {
    /* A keyfile the server does not know. */
    { SSH_URI "?keyfile=/tmp/other_key",
      "Cannot recv data: yado-test@127.0.0.1: Permission denied (publickey).: Connection "
      "reset by peer",
      YADO_CONNECTION_ERROR_LOGIN_REFUSED,
      "The host “127.0.0.1” did not let “yado-test” log in: the SSH key or password was "
      "not accepted." },
    /* No user in the URI: ssh logs in as the local user. */
    { "qemu+ssh://127.0.0.1:2299/session",
      "Cannot recv data: root@127.0.0.1: Permission denied (publickey).: Connection reset "
      "by peer",
      YADO_CONNECTION_ERROR_LOGIN_REFUSED, "The host “127.0.0.1” did not accept the login" },
    /* A server that takes passwords too: no password worked. */
    { "qemu+ssh://yado-test@127.0.0.1:2297/system",
      "Cannot recv data: Permission denied, please try again.\n"
      "Permission denied, please try again.\n"
      "yado-test@127.0.0.1: Permission denied (publickey,password).: Connection reset by peer",
      YADO_CONNECTION_ERROR_LOGIN_REFUSED, "did not let “yado-test” log in" },
    { "qemu+libssh://yado-test@127.0.0.1:2299/system",
      "authentication failed: All provided authentication methods with credentials were "
      "rejected by the server",
      YADO_CONNECTION_ERROR_LOGIN_REFUSED, "did not let “yado-test” log in" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_host_key_changed (void)
{
  static const Case cases[] = {
    /* Another key for [127.0.0.1]:2299 in known_hosts. */
    { SSH_URI,
      "Cannot recv data: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
      "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
      "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
      "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n"
      "It is also possible that a host key has just been changed.\n"
      "The fingerprint for the ED25519 key sent by the remote host is\n"
      "SHA256:8XPKIgCEJRXl6Iau0QZV2iVclJaTySgF4ZtZA7Kz6Ok.\n"
      "Please contact your system administrator.\n"
      "Add correct host key in /root/.ssh/known_hosts to get rid of this message.\n"
      "Offending ED25519 key in /root/.ssh/known_hosts:2\n"
      "  remove with:\n"
      "  ssh-keygen -f \"/root/.ssh/known_hosts\" -R \"[127.0.0.1]:2299\"\n"
      "Host key for [127.0.0.1]:2299 has changed and you have requested strict checking.\n"
      "Host key verification failed.: Connection reset by peer",
      YADO_CONNECTION_ERROR_HOST_KEY_CHANGED,
      "The host key of “127.0.0.1” has changed: it is not the one this computer knows." },
    /* The same, shortened, on the default port. */
    { "qemu+ssh://root@host.example/system",
      "Cannot recv data: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
      "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
      "Host key verification failed.: Connection reset by peer",
      YADO_CONNECTION_ERROR_HOST_KEY_CHANGED, "(ssh-keygen -R \"host.example\")" },
    { "qemu+libssh://yado-test@127.0.0.1:2299/system",
      "authentication failed: !!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host "
      "'127.0.0.1:2299' differs from stored identity. Please verify the new host key "
      "'f1:73:ca:22:00:84:25:15:e5:e8:86:ae:d1:06:55:da:25:5c:94:96:93:c9:28:05:e1:9b:59:03:"
      "b2:b3:e8:e9' to avoid possible man in the middle attack. The key is stored in "
      "'/tmp/h1-kh-changed'.",
      YADO_CONNECTION_ERROR_HOST_KEY_CHANGED, "(ssh-keygen -R \"[127.0.0.1]:2299\")" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_host_key_unknown (void)
{
  static const Case cases[] = {
    /* No line for it in known_hosts, and nobody to ask (or the user said no). */
    { SSH_URI, "Cannot recv data: Host key verification failed.: Connection reset by peer",
      YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN,
      "The host key of “127.0.0.1” is not trusted on this computer" },
    { "qemu+libssh://yado-test@127.0.0.1:2299/system",
      "libssh transport error: SSH host key for '127.0.0.1' (f1:73:ca:22:00:84:25:15:e5:e8:"
      "86:ae:d1:06:55:da:25:5c:94:96:93:c9:28:05:e1:9b:59:03:b2:b3:e8:e9) was not accepted",
      YADO_CONNECTION_ERROR_HOST_KEY_UNKNOWN, "is not trusted on this computer" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Logged in, but no daemon behind libvirt's socket there. */
static void
test_no_remote_daemon (void)
{
  static const Case cases[] = {
    /* proxy=netcat, a socket path that does not exist */
    { SSH_URI "?socket=/tmp/nonexist/sock&proxy=netcat",
      "End of file while reading data: nc: /tmp/nonexist/sock: No such file or directory: "
      "Input/output error",
      YADO_CONNECTION_ERROR_NO_DAEMON, "libvirt is not running on “127.0.0.1”" },
    /* The system daemon, through virt-ssh-helper */
    { "qemu+ssh://yado-test@127.0.0.1:2299/system",
      "End of file while reading data: virt-ssh-helper: cannot connect to "
      "'/var/run/libvirt/libvirt-sock': Failed to connect socket to "
      "'/var/run/libvirt/libvirt-sock': No such file or directory: Input/output error",
      YADO_CONNECTION_ERROR_NO_DAEMON, "libvirt is not running on “127.0.0.1”" },
    /* A daemon that was killed left its socket. */
    { SSH_URI "?socket=/tmp/h1-sock/stale&proxy=netcat",
      "End of file while reading data: nc: /tmp/h1-sock/stale: Connection refused: "
      "Input/output error",
      YADO_CONNECTION_ERROR_NO_DAEMON, "libvirt is not running on “127.0.0.1”" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_socket_denied (void)
{
  static const Case cases[] = {
    /* A root-owned socket of mode 0600, reached as yado-test */
    { SSH_URI "?socket=/tmp/h1-sock/sock&proxy=netcat",
      "End of file while reading data: nc: /tmp/h1-sock/sock: Permission denied: "
      "Input/output error",
      YADO_CONNECTION_ERROR_SOCKET_DENIED,
      "The user that logs in to “127.0.0.1” may not use libvirt there" },
    { "qemu+unix:///session?socket=/tmp/h1-sock/sock",
      "Failed to connect socket to '/tmp/h1-sock/sock': Permission denied",
      YADO_CONNECTION_ERROR_SOCKET_DENIED, "You may not use libvirt on this computer" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* nc or virt-ssh-helper not in the PATH of the login on the host. */
static void
test_no_program (void)
{
  static const Case cases[] = {
    { SSH_URI "?proxy=netcat",
      "End of file while reading data: sh: 1: nc: not found: Input/output error",
      YADO_CONNECTION_ERROR_NO_PROGRAM,
      "The host “127.0.0.1” has no nc (netcat), which libvirt runs there to reach its "
      "daemon." },
    { SSH_URI "?proxy=native",
      "End of file while reading data: sh: 1: virt-ssh-helper: not found: Input/output error",
      YADO_CONNECTION_ERROR_NO_PROGRAM, "The host “127.0.0.1” has no virt-ssh-helper" },
    /* ?netcat=PATH names one that is not there */
    { SSH_URI "?netcat=/nonexistent/nc",
      "End of file while reading data: sh: 1: /nonexistent/nc: not found: Input/output error",
      YADO_CONNECTION_ERROR_NO_PROGRAM, "has no nc (netcat)" },
    /* libssh only has the shell's status. */
    { "qemu+libssh://yado-test@127.0.0.1:2298/system",
      "libssh transport error: Remote command terminated with non-zero code: 127",
      YADO_CONNECTION_ERROR_NO_PROGRAM, "could not run the program libvirt needs there" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* This computer's daemon. */
static void
test_no_local_daemon (void)
{
  static const Case cases[] = {
    { "qemu:///system",
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
      YADO_CONNECTION_ERROR_NO_DAEMON, "libvirt is not running on this computer" },
    { "qemu+unix:///session?socket=/tmp/h1-sock/stale",
      "Failed to connect socket to '/tmp/h1-sock/stale': Connection refused",
      YADO_CONNECTION_ERROR_NO_DAEMON, "libvirt is not running on this computer" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* What Yado does not know stays libvirt's to say. */
static void
test_unknown_messages (void)
{
  static const struct { const char *uri, *message; } cases[] = {
    { "test:///nonexistent/host.xml",
      "Failed to open file '/nonexistent/host.xml': No such file or directory" },
    { "qemu+tls://nosuchhost/system",
      "Cannot read CA certificate '/etc/pki/CA/cacert.pem': No such file or directory" },
    { "qemu+tcp://127.0.0.1:2301/system", "internal error: client socket is closed" },
    /* libssh: nc's status when the socket is missing, or anything else */
    { "qemu+libssh://yado-test@127.0.0.1:2299/system",
      "libssh transport error: Remote command terminated with non-zero code: 1" },
    /* A remote kind on a URI without a host says nothing about a host. */
    { "qemu:///system", "Cannot recv data: Host key verification failed." },
    { "qemu:///system", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sentence = yado_connection_error_explain (cases[i].uri, cases[i].message);

      g_assert_null (sentence);
    }
  g_assert_cmpint (yado_connection_error_classify (NULL), ==, YADO_CONNECTION_ERROR_OTHER);
}

/* A GError from libvirt's last error keeps libvirt's message beside the
 * explanation, copies too; a message Yado does not know stays as it was. */
static void
test_error_detail (void)
{
  const char *uri = "qemu+unix:///session?socket=/nonexistent/libvirt-sock";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(GError) plain = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_FAILED, "x");

  g_assert_null (virConnectOpen (uri));
  yado_connection_error_set_from_libvirt (&error, uri);
  g_assert_error (error, YADO_CONNECTION_ERROR, YADO_CONNECTION_ERROR_NO_DAEMON);
  g_assert_true (g_str_has_prefix (error->message, "libvirt is not running on this computer"));
  g_assert_cmpstr (yado_connection_error_get_detail (error), ==,
                   "Failed to connect socket to '/nonexistent/libvirt-sock': "
                   "No such file or directory");
  copy = g_error_copy (error);
  g_assert_cmpstr (yado_connection_error_get_detail (copy), ==,
                   yado_connection_error_get_detail (error));

  g_assert_null (virConnectOpen ("test:///nonexistent/host.xml"));
  yado_connection_error_set_from_libvirt (&other, "test:///nonexistent/host.xml");
  g_assert_error (other, YADO_ERROR, YADO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (other->message,
                                   "Could not connect to test:///nonexistent/host.xml: "));
  g_assert_null (yado_connection_error_get_detail (other));
  g_assert_null (yado_connection_error_get_detail (plain));
  g_assert_null (yado_connection_error_get_detail (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection-error/unknown-host", test_unknown_host);
  g_test_add_func ("/connection-error/refused", test_refused);
  g_test_add_func ("/connection-error/not-ssh", test_not_ssh);
  g_test_add_func ("/connection-error/unreachable", test_unreachable);
  g_test_add_func ("/connection-error/login-refused", test_login_refused);
  g_test_add_func ("/connection-error/host-key-changed", test_host_key_changed);
  g_test_add_func ("/connection-error/host-key-unknown", test_host_key_unknown);
  g_test_add_func ("/connection-error/no-remote-daemon", test_no_remote_daemon);
  g_test_add_func ("/connection-error/socket-denied", test_socket_denied);
  g_test_add_func ("/connection-error/no-program", test_no_program);
  g_test_add_func ("/connection-error/no-local-daemon", test_no_local_daemon);
  g_test_add_func ("/connection-error/unknown", test_unknown_messages);
  g_test_add_func ("/connection-error/detail", test_error_detail);
  return g_test_run ();
}
