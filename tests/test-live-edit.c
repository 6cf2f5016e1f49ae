/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The details page's model (yado-domain-config.c, yado-domain-edit.c)
 * editing a real QEMU VM (software emulation) in a session libvirtd the
 * test starts itself (tests/yado-test-libvirtd.c). One daemon and one VM
 * serve every step, in order:
 *
 *  /live-edit/shut-off: memory (current and maximum), vCPUs, a NIC's
 *      model, a disk's cache mode, each in the next boot's definition;
 *      autostart on and off (virDomainGetAutostart), the definition
 *      untouched.
 *  /live-edit/running: the balloon, live (the live XML's currentMemory,
 *      virDomainGetInfo) and for the next boot; a NIC model and a disk
 *      cache change, refused live and listed as pending; the NIC's link
 *      down and up live, though its model change waits.
 *  /live-edit/cdrom: a medium inserted into and ejected from the empty
 *      IDE CD-ROM drive of the running VM (also as QEMU says it).
 *  /live-edit/disk: a new qcow2 volume made in the pool through the
 *      model, attached to the running VM, then removed.
 *  /live-edit/xml-tab: the whole definition saved as XML; XML libvirt
 *      rejects, with libvirt's message; XML with another UUID.
 *  /live-edit/bad-input: malformed XML never reaches libvirt.
 *
 * Every result is read back from libvirt through a connection of the
 * test's own (virDomainGetXMLDesc of the next boot's definition, with
 * VIR_DOMAIN_XML_INACTIVE, and of the running VM), never through Yado's
 * model; and each edit changes nothing else: the definition before and
 * after are the same once the edited nodes are masked.
 *
 * A failure to start the daemon fails the test (it is never skipped).
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "yado-domain-config.h"
#include "yado-domain-edit.h"
#include "yado-error.h"
#include "yado-storage-pool.h"
#include "yado-test-libvirtd.h"
#include "yado-test-utils.h"
#include "yado-worker.h"

#define VM_NAME "yado-edit-1"
#define POOL_NAME "yado-edit"
#define VOLUME_NAME "yado-edit-1.qcow2"
#define NEW_VOLUME_NAME "yado-edit-2.qcow2"
#define MEDIA_NAME "yado-edit-media.iso"
#define MAC "52:54:00:12:34:56"
#define NIC "/domain/devices/interface[mac/@address='" MAC "']"
#define VDA "/domain/devices/disk[target/@dev='vda']"
#define CDROM "/domain/devices/disk[@device='cdrom']"
#define VDB "/domain/devices/disk[target/@dev='vdb']"
/* Real QEMU under TCG: a start takes seconds. */
#define WAIT_MS 30000

/* The guest is tests/guest/echo-boot.S, from a raw IDE disk. It answers
 * the balloon (so the running VM's memory follows it) and polls COM1,
 * so it needs the serial port: without one it reads 0xff forever and
 * never idles. ACPI: PCI hotplug on i440FX goes through it. */
static const char vm_xml[] =
  "<domain type='qemu'>\n"
  "  <name>" VM_NAME "</name>\n"
  "  <memory unit='MiB'>128</memory>\n"
  "  <currentMemory unit='MiB'>96</currentMemory>\n"
  "  <vcpu current='1'>2</vcpu>\n"
  "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
  "  <features><acpi/></features>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='raw'/>\n"
  "      <source file='%s'/>\n"
  "      <target dev='hda' bus='ide'/>\n"
  "      <boot order='1'/>\n"
  "    </disk>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='qcow2'/>\n"
  "      <source file='%s'/>\n"
  "      <target dev='vda' bus='virtio'/>\n"
  "    </disk>\n"
  "    <disk type='file' device='cdrom'>\n"
  "      <driver name='qemu' type='raw'/>\n"
  "      <target dev='hdc' bus='ide'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "    <controller type='virtio-serial' index='0'/>\n"
  "    <interface type='user'>\n"
  "      <mac address='" MAC "'/>\n"
  "      <model type='e1000e'/>\n"
  "    </interface>\n"
  "    <serial type='pty'/>\n"
  "    <memballoon model='virtio'/>\n"
  "  </devices>\n"
  "</domain>\n";

/* What every step shares: one daemon, one VM. */
static struct {
  YadoTestLibvirtd *daemon;
  virConnectPtr     conn;       /* the test's own, to read results back */
  YadoConnection   *c;
  YadoDomain       *vm;
  char             *volume;     /* vda's path */
  char             *media;      /* a raw file to insert as a CD */
} f;

/* ---- reading libvirt ---- */

static virDomainPtr
lookup (void)
{
  virDomainPtr dom = virDomainLookupByName (f.conn, VM_NAME);

  if (dom == NULL)
    g_error ("%s is gone: %s", VM_NAME, virGetLastErrorMessage ());
  return dom;
}

/* The next boot's definition (@inactive) or the running one, as libvirt
 * has it. */
static char *
libvirt_xml (gboolean inactive)
{
  virDomainPtr dom = lookup ();
  char *text = virDomainGetXMLDesc (dom, inactive ? VIR_DOMAIN_XML_INACTIVE : 0);
  char *xml;

  if (text == NULL)
    g_error ("virDomainGetXMLDesc: %s", virGetLastErrorMessage ());
  xml = g_strdup (text);
  free (text);
  virDomainFree (dom);
  return xml;
}

static xmlDocPtr
parse (const char *xml)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOBLANKS);

  g_assert_nonnull (doc);
  return doc;
}

/* The string value of XPath @expr in @xml, or NULL when it selects
 * nothing. */
static char *
xpath (const char *xml, const char *expr)
{
  xmlDocPtr doc = parse (xml);
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlXPathObjectPtr found = xmlXPathEvalExpression (BAD_CAST expr, context);
  char *value = NULL;

  g_assert_nonnull (found);
  if (found->nodesetval != NULL && found->nodesetval->nodeNr > 0)
    {
      xmlChar *text = xmlNodeGetContent (found->nodesetval->nodeTab[0]);

      value = g_strdup ((const char *) text);
      xmlFree (text);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return value;
}

static int
xpath_count (const char *xml, const char *expr)
{
  xmlDocPtr doc = parse (xml);
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlXPathObjectPtr found = xmlXPathEvalExpression (BAD_CAST expr, context);
  int n;

  g_assert_nonnull (found);
  n = found->nodesetval ? found->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return n;
}

#define assert_xpath(xml, expr, want)                   \
  G_STMT_START {                                        \
    g_autofree char *_got = xpath ((xml), (expr));      \
    g_assert_cmpstr (_got, ==, (want));                 \
  } G_STMT_END

/* @xml without the nodes the XPath expressions of @masks (NULL
 * terminated) select, as one canonical text (whitespace between elements
 * dropped), so that a removed element and its indentation count alike. */
static char *
masked (const char *xml, const char * const *masks)
{
  xmlDocPtr doc = parse (xml);
  xmlXPathContextPtr context = xmlXPathNewContext (doc);
  xmlChar *text = NULL;
  int length = 0;
  char *result;

  for (guint i = 0; masks != NULL && masks[i] != NULL; i++)
    {
      xmlXPathObjectPtr found = xmlXPathEvalExpression (BAD_CAST masks[i], context);

      g_assert_nonnull (found);
      for (int n = 0; found->nodesetval != NULL && n < found->nodesetval->nodeNr; n++)
        {
          xmlNodePtr node = found->nodesetval->nodeTab[n];

          if (node->type == XML_ATTRIBUTE_NODE)
            xmlRemoveProp ((xmlAttrPtr) node);
          else
            {
              xmlUnlinkNode (node);
              xmlFreeNode (node);
            }
        }
      xmlXPathFreeObject (found);
    }
  xmlXPathFreeContext (context);
  xmlDocDumpFormatMemory (doc, &text, &length, 1);
  result = g_strdup ((const char *) text);
  xmlFree (text);
  xmlFreeDoc (doc);
  return result;
}

/* Everything of @before is in @after, and nothing else, but for what
 * @masks selects. */
static void
assert_only_changed (const char *before, const char *after, const char * const *masks)
{
  g_autofree char *a = masked (before, masks);
  g_autofree char *b = masked (after, masks);

  g_assert_cmpstr (a, ==, b);
}

static guint
count_domains (void)
{
  int active = virConnectNumOfDomains (f.conn);
  int inactive = virConnectNumOfDefinedDomains (f.conn);

  g_assert_cmpint (active, >=, 0);
  g_assert_cmpint (inactive, >=, 0);
  return (guint) (active + inactive);
}

/* ---- editing through the model, as the details page does ---- */

typedef struct {
  YadoDomainConfig *original;  /* the next boot's definition, as read */
  YadoDomainConfig *working;   /* what the user made of it */
  gboolean          running;
} Edit;

static void
edit_begin (Edit *edit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainXml) xml = yado_domain_fetch_xml_sync (f.vm, &error);

  g_assert_no_error (error);
  edit->original = yado_domain_config_new (xml->inactive, &error);
  g_assert_no_error (error);
  edit->working = yado_domain_config_copy (edit->original);
  edit->running = xml->live != NULL;
}

/* Applies the edit; returns the sentences of what the running VM did not
 * take. */
static GPtrArray *
edit_apply (Edit *edit)
{
  g_autoptr(YadoDomainEdit) change = yado_domain_edit_new (edit->original, edit->working,
                                                           edit->running);
  g_autoptr(GError) error = NULL;
  GPtrArray *not_live;

  g_assert_false (yado_domain_edit_is_empty (change));
  not_live = yado_domain_apply_edit_sync (f.vm, change, &error);
  g_assert_no_error (error);
  g_assert_nonnull (not_live);
  for (guint i = 0; i < not_live->len; i++)
    yado_test_step ("  waits for the next boot: %s", (char *) not_live->pdata[i]);
  g_clear_pointer (&edit->original, yado_domain_config_free);
  g_clear_pointer (&edit->working, yado_domain_config_free);
  return not_live;
}

/* The first device of @config named @element whose @path is @value. */
static xmlNodePtr
find_device (YadoDomainConfig *config, const char *element, const char *path, const char *value)
{
  for (guint i = 0; i < yado_domain_config_get_n_devices (config); i++)
    {
      xmlNodePtr device = yado_domain_config_get_device (config, i);
      g_autofree char *got = yado_xml_node_get (device, path);

      if (xmlStrcmp (device->name, BAD_CAST element) == 0 && g_strcmp0 (got, value) == 0)
        return device;
    }
  g_error ("no <%s> with %s='%s'", element, path, value);
}

/* Sets @path of one device (found by @key_path = @key) and applies it. */
static GPtrArray *
edit_device (const char *element, const char *key_path, const char *key,
             const char *path, const char *value)
{
  Edit edit = { NULL };
  xmlNodePtr device;

  edit_begin (&edit);
  device = find_device (edit.working, element, key_path, key);
  g_assert_true (yado_xml_node_set (device, path, value));
  return edit_apply (&edit);
}

/* What waits for the next boot, as the details page lists it: the next
 * boot's definition against the running one, both read through the
 * model. Sets *@next to the former. */
static GPtrArray *
pending_changes_with (YadoDomainConfig **next)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoDomainXml) xml = yado_domain_fetch_xml_sync (f.vm, &error);
  g_autoptr(YadoDomainConfig) running = NULL;
  GPtrArray *changes;

  g_assert_no_error (error);
  g_assert_nonnull (xml->live);
  *next = yado_domain_config_new (xml->inactive, &error);
  g_assert_no_error (error);
  running = yado_domain_config_new (xml->live, &error);
  g_assert_no_error (error);
  changes = yado_domain_config_pending (*next, running);
  for (guint i = 0; i < changes->len; i++)
    yado_test_step ("  pending: %s", ((YadoPendingChange *) changes->pdata[i])->label);
  return changes;
}

static GPtrArray *
pending_changes (void)
{
  g_autoptr(YadoDomainConfig) next = NULL;

  return pending_changes_with (&next);
}

/* The pending list's labels are @want (NULL: none), in order, and each
 * names the device of the next boot that has that label. */
static void
assert_pending (const char * const *want)
{
  g_autoptr(YadoDomainConfig) next = NULL;
  g_autoptr(GPtrArray) changes = pending_changes_with (&next);
  guint n_want = want ? g_strv_length ((char **) want) : 0;

  for (guint i = 0; changes->len != n_want && i < changes->len; i++)
    {
      YadoPendingChange *change = changes->pdata[i];

      yado_test_step ("%s: running\n%snext\n%s", change->label, change->running_xml,
                      change->next_xml);
    }
  g_assert_cmpuint (changes->len, ==, n_want);
  for (guint i = 0; i < n_want; i++)
    {
      YadoPendingChange *change = changes->pdata[i];
      xmlNodePtr device = yado_domain_config_find_device (next, change->device_id);
      g_autofree char *label = NULL;

      g_assert_cmpstr (change->label, ==, want[i]);
      g_assert_nonnull (device);
      label = yado_device_get_label (next, device);
      g_assert_cmpstr (label, ==, want[i]);
      g_assert_nonnull (change->running_xml);
      g_assert_nonnull (change->next_xml);
    }
}

/* A refusal the apply reported: "LABEL: libvirt's reason". */
static void
assert_refusal (const char *sentence, const char *label)
{
  g_autofree char *prefix = g_strconcat (label, ": ", NULL);

  g_assert_true (g_str_has_prefix (sentence, prefix));
  g_assert_cmpuint (strlen (sentence), >, strlen (prefix));
}

static char *
device_label (const char *element, const char *key_path, const char *key)
{
  g_autofree char *xml = libvirt_xml (TRUE);
  g_autoptr(YadoDomainConfig) config = yado_domain_config_new (xml, NULL);

  return yado_device_get_label (config, find_device (config, element, key_path, key));
}

/* Waits until the running VM's memory, as libvirt reports it (the live
 * XML's currentMemory, virDomainGetInfo), is @kib: the guest answers the
 * balloon once booted, then at each timer tick. */
static void
wait_live_memory (guint64 kib)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + WAIT_MS * 1000;
  g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
  virDomainPtr dom = lookup ();

  for (;;)
    {
      g_autofree char *live = libvirt_xml (FALSE);
      g_autofree char *current = xpath (live, "/domain/currentMemory");
      virDomainInfo info;

      g_assert_cmpint (virDomainGetInfo (dom, &info), ==, 0);
      if (g_strcmp0 (current, want) == 0 && info.memory == kib)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("the running VM's memory is %s KiB (live XML), %lu KiB (virDomainGetInfo), "
                 "not %s KiB", current, info.memory, want);
      yado_test_iterate_for (100);
    }
  yado_test_step ("  live memory %s KiB after %.1f s", want,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  virDomainFree (dom);
}

static void
act (YadoLifecycleOp op)
{
  g_autoptr(GError) error = NULL;

  if (!yado_domain_lifecycle_sync (f.vm, op, NULL, &error))
    g_error ("Could not %s %s: %s", yado_lifecycle_op_to_verb (op), VM_NAME, error->message);
}

static gboolean
attach (const char *xml, gboolean on, char **live_error, GError **error)
{
  GAsyncResult *slot = NULL;

  yado_domain_attach_device_async (f.vm, xml, on, NULL, yado_sync_result_cb, &slot);
  return yado_domain_attach_device_finish (f.vm, yado_sync_result_wait (&slot), live_error, error);
}

static gboolean
define_xml (const char *xml, GError **error)
{
  GAsyncResult *slot = NULL;

  yado_domain_define_xml_async (f.vm, xml, NULL, yado_sync_result_cb, &slot);
  return yado_domain_define_xml_finish (f.vm, yado_sync_result_wait (&slot), error);
}

/* ---- the daemon, the pool and the VM ---- */

static char *
virsh (const char *a, const char *b, const char *c, const char *d, const char *e,
       const char *g, const char *h)
{
  g_autoptr(GError) error = NULL;
  char *out = yado_test_libvirtd_virsh (f.daemon, &error, a, b, c, d, e, g, h, NULL);

  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

/* The daemon's own directory (its HOME): DIR of DIR/libvirt/libvirt-sock. */
static char *
daemon_dir (void)
{
  g_autofree char *libvirt_dir = g_path_get_dirname (yado_test_libvirtd_get_socket_path (f.daemon));

  return g_path_get_dirname (libvirt_dir);
}

/* Copies the test guest's disk (tests/guest/echo-boot.S) into the daemon's
 * directory, for the daemon's user: the build tree may be closed to it. */
static char *
copy_guest_disk (const char *dir)
{
  g_autofree char *image = g_build_filename (g_getenv ("YADO_BUILD_ROOT"), "tests", "guest",
                                             "echo-boot.img", NULL);
  char *path = g_build_filename (dir, "guest.img", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;
  gsize length;

  if (!g_file_get_contents (image, &contents, &length, &error)
      || !g_file_set_contents (path, contents, (gssize) length, &error))
    g_error ("the test guest's disk: %s", error->message);
  g_assert_cmpint (stat (dir, &st), ==, 0);
  g_assert_cmpint (chown (path, st.st_uid, st.st_gid), ==, 0);
  return path;
}

static char *
volume_path (const char *name)
{
  g_autofree char *out = virsh ("vol-path", "--pool", POOL_NAME, name, NULL, NULL, NULL);

  return g_strdup (g_strstrip (out));
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *guest = NULL;
  g_autofree char *xml = NULL;
  virDomainPtr dom;

  yado_test_step_reset ();
  f.daemon = yado_test_libvirtd_start (&error);
  if (f.daemon == NULL)
    g_error ("Could not start the test libvirtd: %s", error->message);
  dir = daemon_dir ();
  target = g_build_filename (dir, "pool", NULL);
  g_free (virsh ("pool-create-as", POOL_NAME, "dir", "--target", target, "--build", NULL));
  g_free (virsh ("vol-create-as", POOL_NAME, VOLUME_NAME, "16M", "--format", "qcow2", NULL));
  g_free (virsh ("vol-create-as", POOL_NAME, MEDIA_NAME, "1M", "--format", "raw", NULL));
  f.volume = volume_path (VOLUME_NAME);
  f.media = volume_path (MEDIA_NAME);
  guest = copy_guest_disk (dir);

  f.conn = virConnectOpen (yado_test_libvirtd_get_uri (f.daemon));
  g_assert_nonnull (f.conn);
  xml = g_strdup_printf (vm_xml, guest, f.volume);
  dom = virDomainDefineXMLFlags (f.conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (dom == NULL)
    g_error ("Could not define %s: %s", VM_NAME, virGetLastErrorMessage ());
  virDomainFree (dom);

  f.c = yado_test_open (yado_test_libvirtd_get_uri (f.daemon));
  yado_connection_set_stats_interval (f.c, 0);
  f.vm = yado_test_domain (f.c, VM_NAME);
  yado_test_step ("daemon up, pool %s with %s, %s defined", POOL_NAME, VOLUME_NAME, VM_NAME);
}

static void
tear_down (void)
{
  if (f.c != NULL)
    yado_connection_close (f.c);
  g_clear_object (&f.c);
  if (f.conn != NULL)
    virConnectClose (f.conn);
  g_clear_pointer (&f.daemon, yado_test_libvirtd_free);
  g_clear_pointer (&f.volume, g_free);
  g_clear_pointer (&f.media, g_free);
}

/* ---- /live-edit/shut-off ---- */

static void
test_shut_off (void)
{
  static const char * const memory_masks[] = { "/domain/memory", "/domain/currentMemory", NULL };
  static const char * const vcpu_masks[] = { "/domain/vcpu", NULL };
  static const char * const model_masks[] = { NIC "/model/@type", NULL };
  static const char * const cache_masks[] = { VDA "/driver/@cache", NULL };
  g_autofree char *start = libvirt_xml (TRUE);
  g_autofree char *xml = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GPtrArray) not_live = NULL;
  Edit edit = { NULL };
  virDomainPtr dom;
  int autostart = -1;

  g_assert_cmpint (yado_domain_get_state (f.vm), ==, YADO_DOMAIN_SHUTOFF);
  assert_xpath (start, "/domain/memory", "131072");
  assert_xpath (start, "/domain/currentMemory", "98304");
  assert_xpath (start, "/domain/vcpu/@current", "1");
  assert_xpath (start, NIC "/model/@type", "e1000e");
  assert_xpath (start, VDA "/driver/@cache", NULL);

  /* Memory: 160 MiB at most, 128 MiB at boot. */
  edit_begin (&edit);
  g_assert_true (yado_domain_config_set_memory_kib (edit.working, 160 * 1024));
  g_assert_true (yado_domain_config_set_current_memory_kib (edit.working, 128 * 1024));
  not_live = edit_apply (&edit);
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, "/domain/memory", "163840");
  assert_xpath (xml, "/domain/memory/@unit", "KiB");
  assert_xpath (xml, "/domain/currentMemory", "131072");
  assert_only_changed (start, xml, memory_masks);
  dom = lookup ();
  g_assert_cmpuint (virDomainGetMaxMemory (dom), ==, 160 * 1024);
  yado_test_step ("memory: 128/96 MiB -> 160/128 MiB, nothing else changed");

  /* vCPUs: both of the two. */
  before = g_steal_pointer (&xml);
  edit_begin (&edit);
  g_assert_true (yado_domain_config_set_vcpus (edit.working, 2, 2));
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_apply (&edit);
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, "/domain/vcpu", "2");
  assert_xpath (xml, "/domain/vcpu/@current", NULL);
  assert_only_changed (before, xml, vcpu_masks);
  g_assert_cmpint (virDomainGetVcpusFlags (dom, VIR_DOMAIN_AFFECT_CONFIG), ==, 2);
  g_assert_cmpint (virDomainGetVcpusFlags (dom, VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM),
                   ==, 2);
  yado_test_step ("vCPUs: 1 of 2 -> 2 of 2, nothing else changed");

  /* The NIC's model. */
  g_free (before);
  before = g_steal_pointer (&xml);
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("interface", "mac/@address", MAC, "model/@type", "virtio");
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, NIC "/model/@type", "virtio");
  assert_only_changed (before, xml, model_masks);
  yado_test_step ("NIC model: e1000e -> virtio, nothing else changed");

  /* The disk's cache mode. */
  g_free (before);
  before = g_steal_pointer (&xml);
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("disk", "target/@dev", "vda", "driver/@cache", "none");
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, VDA "/driver/@cache", "none");
  assert_xpath (xml, VDA "/driver/@type", "qcow2");
  assert_only_changed (before, xml, cache_masks);
  yado_test_step ("vda cache: default -> none, nothing else changed");

  /* Autostart: libvirt's flag, and no change to the definition. */
  g_free (before);
  before = g_steal_pointer (&xml);
  act (YADO_LIFECYCLE_AUTOSTART_ON);
  g_assert_cmpint (virDomainGetAutostart (dom, &autostart), ==, 0);
  g_assert_cmpint (autostart, ==, 1);
  yado_test_wait_until (yado_domain_get_autostart (f.vm), WAIT_MS);
  act (YADO_LIFECYCLE_AUTOSTART_OFF);
  g_assert_cmpint (virDomainGetAutostart (dom, &autostart), ==, 0);
  g_assert_cmpint (autostart, ==, 0);
  yado_test_wait_until (!yado_domain_get_autostart (f.vm), WAIT_MS);
  xml = libvirt_xml (TRUE);
  g_assert_cmpstr (before, ==, xml);
  yado_test_step ("autostart on, then off; definition unchanged");
  virDomainFree (dom);
}

/* ---- /live-edit/running ---- */

static void
test_running (void)
{
  static const char * const memory_masks[] = { "/domain/currentMemory", NULL };
  static const char * const model_masks[] = { NIC "/model/@type", NULL };
  static const char * const cache_masks[] = { VDA "/driver/@cache", NULL };
  static const char * const link_masks[] = { NIC "/link", NULL };
  g_autofree char *before = NULL;
  g_autofree char *live_before = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *live = NULL;
  g_autofree char *nic_label = device_label ("interface", "mac/@address", MAC);
  g_autofree char *vda_label = device_label ("disk", "target/@dev", "vda");
  g_autoptr(GPtrArray) not_live = NULL;
  Edit edit = { NULL };

  act (YADO_LIFECYCLE_START);
  yado_test_wait_until (yado_domain_get_state (f.vm) == YADO_DOMAIN_RUNNING, WAIT_MS);
  yado_test_step ("running");
  /* The balloon as libvirt set it at the start: 128 of 160 MiB. */
  wait_live_memory (128 * 1024);
  assert_pending (NULL);

  /* The balloon: 128 MiB -> 96 MiB, live and for the next boot. */
  before = libvirt_xml (TRUE);
  edit_begin (&edit);
  g_assert_true (edit.running);
  g_assert_true (yado_domain_config_set_current_memory_kib (edit.working, 96 * 1024));
  not_live = edit_apply (&edit);
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, "/domain/currentMemory", "98304");
  assert_only_changed (before, xml, memory_masks);
  wait_live_memory (96 * 1024);
  assert_pending (NULL);
  yado_test_step ("balloon: 128 -> 96 MiB live and for the next boot");

  /* The NIC's model cannot change under a running guest: refused live,
   * defined for the next boot, listed as pending. */
  g_clear_pointer (&before, g_free);
  before = g_steal_pointer (&xml);
  live_before = libvirt_xml (FALSE);
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("interface", "mac/@address", MAC, "model/@type", "e1000e");
  g_assert_cmpuint (not_live->len, ==, 1);
  assert_refusal (not_live->pdata[0], nic_label);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, NIC "/model/@type", "e1000e");
  assert_only_changed (before, xml, model_masks);
  live = libvirt_xml (FALSE);
  assert_xpath (live, NIC "/model/@type", "virtio");
  assert_only_changed (live_before, live, NULL);
  assert_pending ((const char *[]) { nic_label, NULL });
  yado_test_step ("NIC model virtio -> e1000e: refused live, pending");

  /* The disk's cache mode likewise. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&live_before, g_free);
  before = g_steal_pointer (&xml);
  live_before = g_steal_pointer (&live);
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("disk", "target/@dev", "vda", "driver/@cache", "writeback");
  g_assert_cmpuint (not_live->len, ==, 1);
  assert_refusal (not_live->pdata[0], vda_label);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, VDA "/driver/@cache", "writeback");
  assert_only_changed (before, xml, cache_masks);
  live = libvirt_xml (FALSE);
  assert_xpath (live, VDA "/driver/@cache", "none");
  assert_only_changed (live_before, live, NULL);
  /* In the order of the definition: disks come first. */
  assert_pending ((const char *[]) { vda_label, nic_label, NULL });
  yado_test_step ("vda cache none -> writeback: refused live, pending");

  /* The NIC's link goes down and up live, though its model change still
   * waits for the next boot. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&live_before, g_free);
  before = g_steal_pointer (&xml);
  live_before = g_steal_pointer (&live);
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("interface", "mac/@address", MAC, "link/@state", "down");
  g_assert_cmpuint (not_live->len, ==, 0);
  xml = libvirt_xml (TRUE);
  live = libvirt_xml (FALSE);
  assert_xpath (live, NIC "/link/@state", "down");
  assert_xpath (live, NIC "/model/@type", "virtio");
  assert_xpath (xml, NIC "/link/@state", "down");
  assert_only_changed (before, xml, link_masks);
  assert_only_changed (live_before, live, link_masks);
  assert_pending ((const char *[]) { vda_label, nic_label, NULL });
  yado_test_step ("NIC link down, live and for the next boot");

  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("interface", "mac/@address", MAC, "link/@state", "up");
  g_assert_cmpuint (not_live->len, ==, 0);
  g_clear_pointer (&xml, g_free);
  g_clear_pointer (&live, g_free);
  xml = libvirt_xml (TRUE);
  live = libvirt_xml (FALSE);
  assert_xpath (live, NIC "/link/@state", "up");
  assert_xpath (xml, NIC "/link/@state", "up");
  assert_only_changed (before, xml, link_masks);
  assert_only_changed (live_before, live, link_masks);
  yado_test_step ("NIC link up again");
}

/* ---- /live-edit/cdrom ---- */

/* What QEMU itself says of the CD-ROM drive (libvirt's ide0-1-0): its
 * paragraph of HMP "info block". */
static char *
cdrom_in_qemu (void)
{
  g_autofree char *out = virsh ("qemu-monitor-command", VM_NAME, "--hmp", "info block",
                                NULL, NULL, NULL);
  g_auto(GStrv) drives = NULL;

  g_strdelimit (out, "\r", ' ');
  drives = g_strsplit (out, "\n \n", -1);

  for (guint i = 0; drives[i] != NULL; i++)
    if (strstr (drives[i], "ide0-1-0") != NULL)
      return g_strdup (drives[i]);
  g_error ("no CD-ROM drive in QEMU's list:\n%s", out);
}

static void
test_cdrom (void)
{
  static const char * const source_masks[] = { CDROM "/source", NULL };
  g_autofree char *before = libvirt_xml (TRUE);
  g_autofree char *live = libvirt_xml (FALSE);
  g_autofree char *xml = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GPtrArray) not_live = NULL;

  g_assert_true (yado_domain_is_active (f.vm));
  assert_xpath (live, CDROM "/target/@dev", "hdc");
  assert_xpath (live, CDROM "/source", NULL);

  /* Insert. */
  not_live = edit_device ("disk", "target/@dev", "hdc", "source/@file", f.media);
  g_assert_cmpuint (not_live->len, ==, 0);
  g_clear_pointer (&live, g_free);
  live = libvirt_xml (FALSE);
  xml = libvirt_xml (TRUE);
  assert_xpath (live, CDROM "/source/@file", f.media);
  assert_xpath (xml, CDROM "/source/@file", f.media);
  info = cdrom_in_qemu ();
  g_assert_nonnull (strstr (info, f.media));
  g_clear_pointer (&info, g_free);
  assert_only_changed (before, xml, source_masks);
  yado_test_step ("CD-ROM: %s inserted, live (QEMU has it) and for the next boot", MEDIA_NAME);

  /* Eject: the definition is as it was before. */
  g_clear_pointer (&not_live, g_ptr_array_unref);
  not_live = edit_device ("disk", "target/@dev", "hdc", "source/@file", NULL);
  g_assert_cmpuint (not_live->len, ==, 0);
  g_clear_pointer (&live, g_free);
  g_clear_pointer (&xml, g_free);
  live = libvirt_xml (FALSE);
  xml = libvirt_xml (TRUE);
  /* libvirt keeps an empty <source index='N'/> in the running VM. */
  assert_xpath (live, CDROM "/source/@file", NULL);
  assert_xpath (xml, CDROM "/source", NULL);
  info = cdrom_in_qemu ();
  g_assert_null (strstr (info, f.media));
  g_assert_nonnull (strstr (info, "not inserted"));
  assert_only_changed (before, xml, NULL);
  yado_test_step ("CD-ROM: ejected, live (QEMU: not inserted) and for the next boot");
}

/* ---- /live-edit/disk ---- */

static YadoStoragePool *
find_pool (const char *name)
{
  GListModel *pools = yado_connection_get_storage_pools (f.c);

  for (guint i = 0; i < g_list_model_get_n_items (pools); i++)
    {
      g_autoptr(YadoStoragePool) pool = g_list_model_get_item (pools, i);

      if (g_strcmp0 (yado_storage_pool_get_name (pool), name) == 0)
        return pool;
    }
  g_error ("no pool %s", name);
}

static void
test_disk (void)
{
  static const char * const vdb_masks[] = { VDB, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *disk_xml = NULL;
  g_autofree char *vol_xml = NULL;
  g_autofree char *before = libvirt_xml (TRUE);
  g_autofree char *xml = NULL;
  g_autofree char *live = NULL;
  g_autofree char *live_error = NULL;
  g_autoptr(YadoDomainConfig) config = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  virStorageVolPtr volume;
  virStorageVolInfo info;
  gint64 start;
  gboolean still_live;

  /* A new 8 MiB qcow2 volume in the pool, as Add Hardware makes it. */
  path = yado_storage_pool_create_volume_sync (find_pool (POOL_NAME), NEW_VOLUME_NAME,
                                               8 * 1024 * 1024, "qcow2", &error);
  g_assert_no_error (error);
  volume = virStorageVolLookupByPath (f.conn, path);
  g_assert_nonnull (volume);
  g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
  g_assert_cmpuint (info.capacity, ==, 8 * 1024 * 1024);
  vol_xml = virStorageVolGetXMLDesc (volume, 0);
  assert_xpath (vol_xml, "/volume/target/format/@type", "qcow2");
  virStorageVolFree (volume);
  yado_test_step ("volume %s made", path);

  /* Attached: for the next boot and in the running VM. */
  disk_xml = g_strdup_printf ("<disk type='file' device='disk'>\n"
                              "  <driver name='qemu' type='qcow2'/>\n"
                              "  <source file='%s'/>\n"
                              "  <target dev='vdb' bus='virtio'/>\n"
                              "</disk>\n", path);
  g_assert_true (attach (disk_xml, TRUE, &live_error, &error));
  g_assert_no_error (error);
  if (live_error != NULL)
    g_error ("vdb was not attached live: %s", live_error);
  xml = libvirt_xml (TRUE);
  live = libvirt_xml (FALSE);
  assert_xpath (xml, VDB "/source/@file", path);
  assert_xpath (xml, VDB "/driver/@type", "qcow2");
  assert_only_changed (before, xml, vdb_masks);
  assert_xpath (live, VDB "/source/@file", path);
  assert_xpath (live, VDB "/target/@bus", "virtio");
  yado_test_step ("vdb attached, live and for the next boot");

  /* Removed, with the XML the details page has: the next boot's. */
  config = yado_domain_config_new (xml, &error);
  g_assert_no_error (error);
  g_clear_pointer (&disk_xml, g_free);
  disk_xml = yado_device_to_xml (find_device (config, "disk", "target/@dev", "vdb"));
  start = g_get_monotonic_time ();
  g_assert_true (attach (disk_xml, FALSE, &live_error, &error));
  g_assert_no_error (error);
  g_clear_pointer (&xml, g_free);
  g_clear_pointer (&live, g_free);
  xml = libvirt_xml (TRUE);
  live = libvirt_xml (FALSE);
  assert_xpath (xml, VDB, NULL);
  assert_only_changed (before, xml, NULL);
  /* Live, a PCI device leaves when the guest lets it go (ACPI hot
   * unplug): this guest never answers, so libvirt either refuses or
   * (after waiting 5 s for the guest) leaves the disk in the running VM.
   * Either way the model says it stays there, and it is listed as
   * pending: it goes at the next boot. */
  still_live = xpath_count (live, VDB) > 0;
  yado_test_step ("vdb removed from the next boot after %.1f s; live: %s (%s)",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  still_live ? "still there" : "gone", live_error ? live_error : "taken");
  g_assert_cmpint (still_live, ==, live_error != NULL);
  if (still_live)
    {
      guint found = 0;

      changes = pending_changes ();
      for (guint i = 0; i < changes->len; i++)
        {
          YadoPendingChange *change = changes->pdata[i];

          if (change->next_xml == NULL && change->running_xml != NULL
              && strstr (change->running_xml, "dev=\"vdb\"") != NULL)
            found++;
        }
      g_assert_cmpuint (found, ==, 1);
    }
}

/* ---- /live-edit/xml-tab ---- */

static char *
replaced (const char *text, const char *old, const char *new)
{
  GString *s = g_string_new (text);

  g_assert_cmpuint (g_string_replace (s, old, new, 0), ==, 1);
  return g_string_free (s, FALSE);
}

static void
test_xml_tab (void)
{
  static const char * const title_masks[] = { "/domain/title", NULL };
  g_autofree char *before = libvirt_xml (TRUE);
  g_autofree char *edited = replaced (before, "</name>\n", "</name>\n  <title>Edited in the XML tab</title>\n");
  g_autofree char *xml = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *libvirt_message = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *other_uuid = NULL;
  g_autofree char *other_vm = NULL;
  g_autofree char *other_name = NULL;
  g_autoptr(GError) error = NULL;
  virDomainPtr dom;

  /* A title typed into the definition. */
  g_assert_true (define_xml (edited, &error));
  g_assert_no_error (error);
  xml = libvirt_xml (TRUE);
  assert_xpath (xml, "/domain/title", "Edited in the XML tab");
  assert_only_changed (before, xml, title_masks);
  yado_test_step ("XML tab: title saved");

  /* A balloon model libvirt does not know: libvirt's refusal, said with
   * libvirt's own words, and the definition as it was. */
  bad = replaced (xml, "<memballoon model='virtio'", "<memballoon model='bogus'");
  g_assert_null (virDomainDefineXMLFlags (f.conn, bad, VIR_DOMAIN_DEFINE_VALIDATE));
  libvirt_message = g_strdup (virGetLastErrorMessage ());
  g_assert_false (define_xml (bad, &error));
  g_assert_nonnull (error);
  yado_test_step ("XML tab: rejected: %s", error->message);
  g_assert_nonnull (strstr (error->message, libvirt_message));
  g_clear_error (&error);
  g_free (before);
  before = g_steal_pointer (&xml);
  xml = libvirt_xml (TRUE);
  g_assert_cmpstr (xml, ==, before);

  /* Another UUID under the same name: libvirt refuses it. */
  uuid = xpath (before, "/domain/uuid");
  other_uuid = g_uuid_string_random ();
  other_vm = replaced (before, uuid, other_uuid);
  g_assert_false (define_xml (other_vm, &error));
  yado_test_step ("XML tab: another UUID refused: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (count_domains (), ==, 1);

  /* Another UUID and another name: libvirt would make a second VM; the
   * model undoes it and says why. */
  other_name = replaced (other_vm, "<name>" VM_NAME "</name>", "<name>" VM_NAME "-copy</name>");
  g_assert_false (define_xml (other_name, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  yado_test_step ("XML tab: another VM refused: %s", error->message);
  g_assert_cmpuint (count_domains (), ==, 1);
  dom = virDomainLookupByName (f.conn, VM_NAME "-copy");
  g_assert_null (dom);
  virResetLastError ();
  g_clear_pointer (&xml, g_free);
  xml = libvirt_xml (TRUE);
  g_assert_cmpstr (xml, ==, before);
}

/* ---- /live-edit/bad-input ---- */

static void
test_bad_input (void)
{
  static const char malformed[] =
    "<domain type='qemu'>\n"
    "  <name>" VM_NAME "</name>\n"
    "  <memory unit='MiB'>64</memry>\n"
    "  <vcpu>1</vcpu>\n"
    "</domain>\n";
  static const char malformed_disk[] =
    "<disk type='file' device='disk'>\n"
    "  <driver name='qemu' type='qcow2'/>\n"
    "  <source file=/nowhere.qcow2/>\n"
    "</disk>\n";
  g_autofree char *before = libvirt_xml (TRUE);
  g_autofree char *xml = NULL;
  g_autoptr(YadoDomainConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  guint n_domains = count_domains ();

  g_assert_null (yado_domain_config_new (malformed, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  yado_test_step ("malformed domain XML: %s", error->message);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);

  g_assert_null (yado_domain_config_new ("<network><name>default</name></network>", &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  yado_test_step ("not a domain: %s", error->message);
  g_clear_error (&error);

  config = yado_domain_config_new (before, &error);
  g_assert_no_error (error);
  g_assert_null (yado_domain_config_add_device (config, malformed_disk, &error));
  g_assert_error (error, YADO_ERROR, YADO_ERROR_INVALID);
  yado_test_step ("malformed device XML: %s", error->message);
  g_assert_nonnull (strstr (error->message, "line 3"));

  /* libvirt never saw any of it. */
  xml = libvirt_xml (TRUE);
  g_assert_cmpstr (xml, ==, before);
  g_assert_cmpuint (count_domains (), ==, n_domains);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* One daemon and one VM for every step, in this order. */
  g_test_add_func ("/live-edit/shut-off", test_shut_off);
  g_test_add_func ("/live-edit/running", test_running);
  g_test_add_func ("/live-edit/cdrom", test_cdrom);
  g_test_add_func ("/live-edit/disk", test_disk);
  g_test_add_func ("/live-edit/xml-tab", test_xml_tab);
  g_test_add_func ("/live-edit/bad-input", test_bad_input);

  set_up ();
  status = g_test_run ();
  tear_down ();
  return status;
}
