/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A private sshd that a test starts and stops itself, on 127.0.0.1 and a
 * free port, letting the user yado-test (the test libvirtd's user) in
 * with a key the test makes. Root (the test) trusts its host key through
 * a marked line in root's ~/.ssh/known_hosts, removed again by free: host
 * keys stay checked.
 */
typedef struct _YadoTestSshd YadoTestSshd;

/* Starts it and waits until it listens. Needs root, the user yado-test
 * (start the test libvirtd first: it creates the user) and
 * openssh-server; says what is missing otherwise. Gives yado-test the
 * login shell /bin/sh (libvirt runs its remote commands through it). */
YadoTestSshd *yado_test_sshd_start          (GError **error);

typedef enum {
  YADO_TEST_SSHD_DEFAULT       = 0,
  /* Root's known_hosts does not get its host key: ssh asks the first
   * time. Free removes what ssh wrote there for its port. */
  YADO_TEST_SSHD_UNTRUSTED     = 1 << 0,
  /* yado-pw (a second name of yado-test's uid, so the same daemon) may
   * log in with a password: yado_test_sshd_get_password(). */
  YADO_TEST_SSHD_PASSWORD_USER = 1 << 1,
} YadoTestSshdFlags;

YadoTestSshd *yado_test_sshd_start_full     (YadoTestSshdFlags flags,
                                             GError          **error);
/* Kills sshd and everything it started, forgets its host key, removes its
 * directory. */
void          yado_test_sshd_free           (YadoTestSshd *sshd);

guint         yado_test_sshd_get_port       (YadoTestSshd *sshd);
/* The client's private key, for ?keyfile=. */
const char   *yado_test_sshd_get_key        (YadoTestSshd *sshd);
/* qemu+ssh://yado-test@127.0.0.1:PORT/session?socket=@socket&keyfile=KEY&proxy=netcat:
 * the session daemon whose socket is @socket, reached over this sshd
 * (proxy=netcat: virt-ssh-helper would reach the user's default daemon,
 * not this one). */
char         *yado_test_sshd_session_uri    (YadoTestSshd *sshd,
                                             const char   *socket);
/* How many logins sshd accepted so far ("Accepted publickey" or
 * "Accepted password" in its log). */
guint         yado_test_sshd_count_logins   (YadoTestSshd *sshd);
/* With YADO_TEST_SSHD_PASSWORD_USER: yado-pw's password, and
 * qemu+ssh://yado-pw@127.0.0.1:PORT/session?socket=@socket&proxy=netcat. */
const char   *yado_test_sshd_get_password   (YadoTestSshd *sshd);
/* Gives yado-pw a new password (the user changed it on the host). */
gboolean      yado_test_sshd_new_password   (YadoTestSshd *sshd,
                                             GError      **error);
char         *yado_test_sshd_password_uri   (YadoTestSshd *sshd,
                                             const char   *socket);
/* The same for yado-test with no ?keyfile=: its key from ssh-agent. */
char         *yado_test_sshd_agent_uri      (YadoTestSshd *sshd,
                                             const char   *socket);
/* "SHA256:...", the fingerprint ssh shows for its host key. */
char         *yado_test_sshd_get_host_key_fingerprint (YadoTestSshd *sshd);

/* DRIVER+ssh://yado-test@127.0.0.1:PORT/PATH?socket=@socket&keyfile=KEY&proxy=netcat
 * (@path starts with '/'): like session_uri, for another driver (test+ssh
 * and "/default", or the absolute path of a file yado-test can read) or
 * another port (a proxy's). */
char         *yado_test_sshd_uri            (YadoTestSshd *sshd,
                                             const char   *driver,
                                             guint         port,
                                             const char   *path,
                                             const char   *socket);
/* Trusts sshd's host key on @port too (ssh checks host keys by port): for
 * a proxy in front of it. Forgotten by free, like the first. */
gboolean      yado_test_sshd_trust_port     (YadoTestSshd *sshd,
                                             guint         port,
                                             GError      **error);
/* An outage: kills sshd and every session it runs (the clients' shared
 * connections end with them); restart brings it back on the same port,
 * with the same keys, and waits until it listens. */
void          yado_test_sshd_kill           (YadoTestSshd *sshd);
gboolean      yado_test_sshd_restart        (YadoTestSshd *sshd,
                                             GError      **error);

/* Appends @lines (sshd_config lines, each ending in a newline) to its
 * config, for every user, and restarts it to read them: a host set up
 * otherwise ("SetEnv PATH=DIR": a login whose PATH lacks programs). */
gboolean      yado_test_sshd_add_config     (YadoTestSshd *sshd,
                                             const char   *lines,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoTestSshd, yado_test_sshd_free)

G_END_DECLS
