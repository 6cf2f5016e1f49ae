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
/* How many logins sshd accepted so far ("Accepted publickey" in its log). */
guint         yado_test_sshd_count_logins   (YadoTestSshd *sshd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoTestSshd, yado_test_sshd_free)

G_END_DECLS
