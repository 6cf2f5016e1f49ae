/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A real libvirtd that a test starts and stops itself: a session daemon
 * running as an unprivileged user made for the tests, in a private runtime
 * directory, with QEMU under software emulation. Root (the test) reaches it
 * at qemu+unix:///session?socket=DIR/libvirt/libvirt-sock.
 */
typedef struct _YadoTestLibvirtd YadoTestLibvirtd;

/* Starts the daemon and waits until it answers. On failure says what is
 * missing (not root, no libvirtd, no qemu-system-x86_64, ...). */
YadoTestLibvirtd *yado_test_libvirtd_start   (GError **error);
/* Kills it (if running) and removes its directories. */
void              yado_test_libvirtd_free    (YadoTestLibvirtd *daemon);

const char       *yado_test_libvirtd_get_uri (YadoTestLibvirtd *daemon);
/* DIR/libvirt/libvirt-sock, the daemon's socket (for other transports). */
const char       *yado_test_libvirtd_get_socket_path (YadoTestLibvirtd *daemon);
GPid              yado_test_libvirtd_get_pid (YadoTestLibvirtd *daemon);

/* SIGKILL, and wait until the process is gone. */
void              yado_test_libvirtd_kill    (YadoTestLibvirtd *daemon);
/* Start it again on the same directories; waits until it answers. */
gboolean          yado_test_libvirtd_restart (YadoTestLibvirtd *daemon,
                                              GError          **error);
/* SIGSTOP / SIGCONT, to make a hung daemon. */
void              yado_test_libvirtd_stop_process (YadoTestLibvirtd *daemon);
void              yado_test_libvirtd_cont_process (YadoTestLibvirtd *daemon);

/* Runs `virsh -c URI ARGS...` (as the test, through the daemon's socket)
 * and returns its stdout, or NULL with @error set. */
char             *yado_test_libvirtd_virsh   (YadoTestLibvirtd *daemon,
                                              GError          **error,
                                              ...) G_GNUC_NULL_TERMINATED;

/* virsh with one or two arguments (@arg2 may be NULL); fails the test with
 * virsh's error when it fails. */
char             *yado_test_libvirtd_virsh_or_fail (YadoTestLibvirtd *daemon,
                                                    const char       *arg1,
                                                    const char       *arg2);

/* Defines the live tests' VM (tests/data/live-vm.xml: "yado-live-1",
 * 64 MiB, booting the test guest of tests/guest/echo-boot.S from a copy
 * of its disk in the daemon's directory; VNC then SPICE graphics; a serial
 * port and a virtio console); fails the test otherwise. */
void              yado_test_libvirtd_define_live_vm (YadoTestLibvirtd *daemon);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoTestLibvirtd, yado_test_libvirtd_free)

G_END_DECLS
