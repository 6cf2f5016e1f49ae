/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deleting a VM through the model, against a real libvirtd and QEMU
 * (software emulation), in a session daemon the test starts itself
 * (tests/yado-test-libvirtd.c).
 *
 *  /live-delete/saved-vm-with-volume: a VM whose disk is a qcow2 volume of
 *      a dir pool made in the daemon's directory is started, then saved
 *      (virDomainManagedSave: its memory goes to a file). Its storage list
 *      offers the volume, checked; deleting it with that volume undefines
 *      the VM, and the managed save file and the volume's file are gone
 *      from the disk.
 *
 * A failure to start the daemon fails the test (it is never skipped).
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "yado-domain-delete.h"
#include "yado-error.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"

#define VM_NAME "yado-delete-1"
#define POOL_NAME "yado-delete"
#define VOLUME_NAME "yado-delete-1.qcow2"
/* Real QEMU under TCG: a start or a save takes seconds. */
#define WAIT_MS 30000

static const char vm_xml[] =
  "<domain type='qemu'>"
  "  <name>" VM_NAME "</name>"
  "  <memory unit='MiB'>64</memory>"
  "  <vcpu>1</vcpu>"
  "  <os><type arch='x86_64' machine='pc'>hvm</type></os>"
  "  <devices>"
  "    <disk type='file' device='disk'>"
  "      <driver name='qemu' type='qcow2'/>"
  "      <source file='%s'/>"
  "      <target dev='vda' bus='virtio'/>"
  "    </disk>"
  "    <graphics type='vnc'/>"
  "  </devices>"
  "</domain>";

static YadoTestLibvirtd *
start_daemon (void)
{
  g_autoptr(GError) error = NULL;
  YadoTestLibvirtd *daemon;

  yado_test_step_reset ();
  daemon = yado_test_libvirtd_start (&error);
  if (daemon == NULL)
    g_test_fail_printf ("Could not start the test libvirtd: %s", error->message);
  return daemon;
}

/* The daemon's own directory (its HOME): DIR of DIR/libvirt/libvirt-sock. */
static char *
daemon_dir (YadoTestLibvirtd *daemon)
{
  g_autofree char *libvirt_dir = g_path_get_dirname (yado_test_libvirtd_get_socket_path (daemon));

  return g_path_get_dirname (libvirt_dir);
}

/* Runs virsh with the words of @format (no word has a space); fails the
 * test with virsh's error. */
static char * G_GNUC_PRINTF (2, 3)
virsh (YadoTestLibvirtd *daemon, const char *format, ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  const char *w[8] = { NULL };
  va_list args;
  char *out;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), <, G_N_ELEMENTS (w));
  for (guint i = 0; words[i] != NULL; i++)
    w[i] = words[i];
  out = yado_test_libvirtd_virsh (daemon, &error, w[0], w[1], w[2], w[3], w[4], w[5], w[6],
                                  w[7], NULL);
  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

/* A dir pool in the daemon's directory (built by the daemon, so its user
 * owns it) holding a 16 MiB qcow2 volume; returns the volume's path. */
static char *
make_volume (YadoTestLibvirtd *daemon)
{
  g_autofree char *dir = daemon_dir (daemon);
  g_autofree char *target = g_build_filename (dir, "pool", NULL);
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;

  g_free (virsh (daemon, "pool-create-as " POOL_NAME " dir --target %s --build", target));
  g_free (virsh (daemon, "vol-create-as " POOL_NAME " " VOLUME_NAME " 16M --format qcow2"));
  out = virsh (daemon, "vol-path --pool " POOL_NAME " " VOLUME_NAME);
  path = g_strdup (g_strstrip (out));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return g_steal_pointer (&path);
}

static void
define_vm (YadoTestLibvirtd *daemon, const char *disk)
{
  g_autofree char *xml = g_strdup_printf (vm_xml, disk);
  g_autofree char *xml_path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("yado-delete-vm-XXXXXX.xml", &xml_path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (xml_path, xml, -1, NULL));
  g_free (virsh (daemon, "define %s", xml_path));
  g_unlink (xml_path);
}

static void
act (YadoDomain *domain, YadoLifecycleOp op)
{
  g_autoptr(GError) error = NULL;

  if (!yado_domain_lifecycle_sync (domain, op, NULL, &error))
    g_error ("Could not %s %s: %s", yado_lifecycle_op_to_verb (op),
             yado_domain_get_name (domain), error->message);
}

static void
test_saved_vm_with_volume (void)
{
  g_autoptr(YadoTestLibvirtd) daemon = start_daemon ();
  g_autoptr(YadoConnection) c = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *volume = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *save_file = NULL;
  g_autofree char *domains = NULL;
  g_autofree char *volumes = NULL;
  const char *paths[2] = { NULL, NULL };
  YadoDomainStorage *vda;
  YadoDomain *vm;

  if (daemon == NULL)
    return;
  volume = make_volume (daemon);
  define_vm (daemon, volume);
  dir = daemon_dir (daemon);
  /* A session daemon keeps managed save images under its config dir. */
  save_file = g_build_filename (dir, "config", "libvirt", "qemu", "save", VM_NAME ".save", NULL);

  c = yado_test_open (yado_test_libvirtd_get_uri (daemon));
  yado_connection_set_stats_interval (c, 0);
  vm = yado_test_domain (c, VM_NAME);
  act (vm, YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  act (vm, YADO_LIFECYCLE_SAVE);
  yado_test_wait_until (yado_domain_get_has_managed_save (vm), WAIT_MS);
  yado_test_step ("saved");
  g_assert_true (g_file_test (save_file, G_FILE_TEST_IS_REGULAR));

  /* The Delete dialog's list: the VM's own volume, checked. */
  disks = yado_domain_list_storage_sync (vm, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disks->len, ==, 1);
  vda = disks->pdata[0];
  g_assert_cmpstr (vda->target, ==, "vda");
  g_assert_cmpstr (vda->path, ==, volume);
  g_assert_true (vda->deletable);
  g_assert_false (vda->shared);
  g_assert_true (vda->default_delete);
  g_assert_cmpuint (vda->capacity, ==, 16 * 1024 * 1024);

  paths[0] = volume;
  if (!yado_domain_delete_sync (vm, paths, NULL, &error))
    g_error ("Could not delete %s: %s", VM_NAME, error->message);
  yado_test_step ("deleted");

  /* Gone from libvirt and from the model; its files gone from the disk. */
  domains = virsh (daemon, "list --all --name");
  g_assert_null (strstr (domains, VM_NAME));
  yado_test_wait_until (yado_connection_lookup_domain (c, VM_NAME) == NULL, WAIT_MS);
  g_assert_false (g_file_test (save_file, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (volume, G_FILE_TEST_EXISTS));
  volumes = virsh (daemon, "vol-list " POOL_NAME);
  g_assert_null (strstr (volumes, VOLUME_NAME));

  yado_connection_close (c);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-delete/saved-vm-with-volume", test_saved_vm_with_volume);
  return g_test_run ();
}
