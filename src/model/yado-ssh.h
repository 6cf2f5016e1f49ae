/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * SSH for remote connections: what a libvirt URI says about the ssh login
 * (user, host, port, key), the URI Yado hands to libvirt so that its ssh
 * shares one login with the console tunnels, and the tunnels themselves.
 * Tunnels run OpenSSH's ssh; they block, so open them on a worker.
 */
#include <gio/gio.h>

G_BEGIN_DECLS

/* The ssh login a URI names. */
typedef struct {
  char  *user;     /* NULL: ssh's own choice (~/.ssh/config, the local user) */
  char  *host;
  guint  port;     /* 0: ssh's own choice */
  char  *keyfile;  /* ?keyfile=, or NULL */
} YadoSshTarget;

/* Whether @uri's transport is ssh: "+ssh" (OpenSSH's ssh), "+libssh" or
 * "+libssh2" (libraries in libvirt; the tunnels still use OpenSSH with the
 * same user, host, port and key). */
gboolean       yado_ssh_uri_is_ssh        (const char *uri);
/* The login of an ssh URI with a host, or NULL. */
YadoSshTarget *yado_ssh_target_from_uri   (const char *uri);
void           yado_ssh_target_free       (YadoSshTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoSshTarget, yado_ssh_target_free)

/* The URI to open for @uri: with command=@helper added when its transport
 * is "+ssh" and it has no command= of the user's; a copy of @uri
 * otherwise, or when @helper is NULL. The user's URI stays what is shown
 * and saved. */
char          *yado_ssh_uri_with_command  (const char *uri,
                                           const char *helper);
/* yado-ssh: installed in libexecdir, or in the build tree when Yado runs
 * uninstalled; NULL when neither is there. */
char          *yado_ssh_find_helper       (void);

/* The ssh command line of a tunnel through the shared connection in
 * @control_dir: to @dest_host:@dest_port on the remote host's side, or,
 * when @dest_socket is given, to that unix socket (with nc there). */
GStrv          yado_ssh_tunnel_argv       (const YadoSshTarget *target,
                                           const char          *control_dir,
                                           const char          *dest_host,
                                           guint                dest_port,
                                           const char          *dest_socket);

/* Runs a tunnel (see above) and waits until the remote end is connected.
 * Returns our end of a socket pair whose other end is ssh's stdin and
 * stdout: closing it ends ssh. -1 with @error ("the SSH tunnel to HOST
 * failed: what ssh said") otherwise. */
int            yado_ssh_open_tunnel       (const YadoSshTarget *target,
                                           const char          *dest_host,
                                           guint                dest_port,
                                           const char          *dest_socket,
                                           GCancellable        *cancellable,
                                           GError             **error);

G_END_DECLS
