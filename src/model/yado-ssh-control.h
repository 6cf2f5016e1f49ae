/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Where Yado's ssh processes meet to share one login per host: the
 * OpenSSH control directory. Used by the model (console tunnels) and by
 * yado-ssh, the command libvirt runs for its own ssh connection; GLib
 * only, so that the helper stays small.
 */
#include <glib.h>

G_BEGIN_DECLS

/* How long a master connection stays up after its last user, in seconds:
 * long enough for a console to reopen, or a reconnect, without a login. */
#define YADO_SSH_CONTROL_PERSIST_S 60

/*
 * ~/.cache/yado/ssh, from the user's passwd entry (libvirt clears the
 * environment of the ssh it runs, so HOME and XDG_CACHE_HOME cannot be
 * relied on: both sides must find the same path). Created with mode 0700
 * when missing. Refused (NULL, @error in the G_FILE_ERROR domain) unless
 * it is a real directory owned by the user that no one else may enter, or
 * when it is too long for a socket path.
 */
char *yado_ssh_control_dir         (GError **error);
/* The same, under @home (for tests). */
char *yado_ssh_control_dir_in      (const char *home,
                                    GError    **error);

/* Appends -o ControlMaster=auto, ControlPath=@dir/%C and ControlPersist to
 * an ssh argv (a GPtrArray of g_strdup'ed strings). */
void  yado_ssh_control_add_options (GPtrArray  *argv,
                                    const char *dir);

/*
 * Askpass. The ssh libvirt runs (through yado-ssh) asks for passwords,
 * passphrases and unknown host keys with yado-askpass, which passes the
 * question to Yado over a unix socket in the control directory (private
 * to the user) and prints the answer.
 */
/* The socket of the Yado process @yado_pid. */
char *yado_ssh_control_askpass_socket  (const char *dir,
                                        GPid        yado_pid);
/* "user@host:port", without "user@" when there is no user and without
 * ":port" when there is no port or it is 22: how a login is named on both
 * sides of the socket. */
char *yado_ssh_control_login_name      (const char *user,
                                        const char *host,
                                        guint       port);
/* The login an ssh command line (without argv[0]) names: -l, -p and the
 * host; NULL when it names no host. */
char *yado_ssh_control_login_from_argv (int         argc,
                                        char      **argv);

G_END_DECLS
