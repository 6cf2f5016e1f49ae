/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VM details' performance page and guest agent view, in-process
 * under Xvfb, on the small-host.xml fixture (tests/data/README.md): the
 * graphs of a running VM after a few statistics ticks (legends with units
 * and the model's latest values, the axes, the lines in the theme's
 * colours, light and dark), a shut-off VM's message, and the guest agent
 * view of a VM without an agent (libvirt's test driver has none).
 *
 * YADO_TEST_SCREENSHOT_DIR=DIR saves PNGs of the page there.
 */
#include <string.h>

#include <gtk/gtk.h>

#include "yado-format.h"
#include "yado-graph-draw.h"
#include "yado-guest-agent-view.h"
#include "yado-performance-page.h"
#include "yado-resources.h"
#include "yado-test-console.h"
#include "yado-test-utils.h"

#define WAIT_MS 10000
/* Ticks to wait for: enough for every graph to have a line. */
#define TICKS 4

typedef struct {
  YadoConnection *c;
  GtkWidget      *window;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = yado_test_fixture_uri ("small-host.xml");

  f->c = yado_test_open (uri);
  f->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 860, 620);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  gtk_widget_destroy (f->window);
  yado_connection_close (f->c);
  g_object_unref (f->c);
}

static void
show_window (Fixture *f, GtkWidget *content)
{
  gtk_container_add (GTK_CONTAINER (f->window), content);
  gtk_widget_show_all (f->window);
  yado_test_wait_until (gtk_widget_get_mapped (content), WAIT_MS);
}

static YadoPerformancePage *
show_page (Fixture *f, const char *name)
{
  YadoPerformancePage *page = yado_performance_page_new ();

  yado_performance_page_set_domain (page, yado_test_domain (f->c, name));
  show_window (f, GTK_WIDGET (page));
  return page;
}

static void
wait_for_ticks (Fixture *f, guint n)
{
  guint64 until = yado_connection_get_stats_ticks (f->c) + n;

  /* A tick a second, and some slack for a busy machine. */
  yado_test_wait_until (yado_connection_get_stats_ticks (f->c) >= until, WAIT_MS + n * 1000);
}

/* What the graph under @heading is, found as a screen reader finds it. */
static YadoGraphView *
graph (YadoPerformancePage *page, const char *heading)
{
  g_autofree char *name = g_strdup_printf ("%s graph", heading);
  GtkWidget *widget = yado_test_find_widget_by_name (GTK_WIDGET (page), name);

  g_assert_nonnull (widget);
  g_assert_true (YADO_IS_GRAPH_VIEW (widget));
  return YADO_GRAPH_VIEW (widget);
}

static char *
legend (YadoGraphView *view, guint index)
{
  return yado_graph_view_dup_legend (view, index);
}

/* The legend says "NAME VALUE" with the model's latest value, in its unit. */
static void
assert_rate_legend (YadoGraphView *view, guint index, const char *name, YadoDomain *domain,
                    YadoGraph graph_id)
{
  g_autofree char *text = legend (view, index);
  g_autofree char *value = yado_format_rate (yado_domain_get_latest (domain, graph_id));
  g_autofree char *expected = g_strdup_printf ("%s %s", name, value);

  g_test_message ("legend: %s", text);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_str_has_suffix (text, "B/s"));
}

/* The widget as drawn, on an image of its size. */
static cairo_surface_t *
draw_widget (GtkWidget *widget)
{
  cairo_surface_t *surface =
    cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_allocated_width (widget),
                                gtk_widget_get_allocated_height (widget));
  cairo_t *cr = cairo_create (surface);

  gtk_widget_draw (widget, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Whether a pixel below @top has @color exactly: a line drawn in it. */
static gboolean
has_color_below (cairo_surface_t *surface, int top, const GdkRGBA *color)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 wanted = 0xff000000u | ((guint32) (color->red * 255 + 0.5) << 16)
                   | ((guint32) (color->green * 255 + 0.5) << 8)
                   | (guint32) (color->blue * 255 + 0.5);

  for (int y = top; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (*(const guint32 *) (data + y * stride + x * 4) == wanted)
        return TRUE;
  return FALSE;
}

static void
lookup_color (GtkWidget *widget, const char *name, GdkRGBA *color)
{
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name,
                                                 color));
}

/* Both lines of @view are drawn in the plot (below the legend's
 * swatches), each in its colour, which stands out from the window's
 * background (3:1, WCAG's contrast for graphics) and from the other's. */
static void
assert_lines_drawn (YadoGraphView *view)
{
  cairo_surface_t *surface = draw_widget (GTK_WIDGET (view));
  GdkRGBA background, colors[2];

  lookup_color (GTK_WIDGET (view), "theme_bg_color", &background);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = NULL;

      yado_graph_view_get_series_color (view, i, &colors[i]);
      name = gdk_rgba_to_string (&colors[i]);
      g_test_message ("series %u: %s, contrast %.1f", i, name,
                      yado_graph_contrast (&colors[i], &background));
      g_assert_cmpfloat (yado_graph_contrast (&colors[i], &background), >=, 3.0);
      g_assert_true (has_color_below (surface, 40, &colors[i]));
    }
  g_assert_false (gdk_rgba_equal (&colors[0], &colors[1]));
  cairo_surface_destroy (surface);
}

static gboolean
shows_message (YadoPerformancePage *page)
{
  GtkWidget *label = yado_test_find_widget_by_name (GTK_WIDGET (page),
                                                    "No data while the virtual machine is shut off");

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_running_vm (Fixture *f, gconstpointer data)
{
  YadoDomain *alpha = yado_test_domain (f->c, "alpha");
  YadoPerformancePage *page = show_page (f, "alpha");
  YadoGraphView *cpu = graph (page, "CPU usage");
  YadoGraphView *memory = graph (page, "Memory usage");
  YadoGraphView *disk = graph (page, "Disk I/O");
  YadoGraphView *network = graph (page, "Network I/O");
  g_autofree char *cpu_value = NULL;
  g_autofree char *cpu_expected = NULL;
  g_autofree char *cpu_legend = NULL;
  g_autofree char *memory_legend = NULL;
  g_autofree char *used = NULL;
  g_autofree char *memory_expected = NULL;
  g_auto(GStrv) cpu_labels = NULL;
  g_auto(GStrv) memory_labels = NULL;
  g_auto(GStrv) disk_labels = NULL;
  g_auto(GStrv) times = NULL;
  g_autofree char *description = NULL;

  wait_for_ticks (f, TICKS);
  g_assert_cmpuint (yado_domain_get_history (alpha, YADO_GRAPH_DISK_READ)->count, >=, TICKS - 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cpu)));
  g_assert_false (shows_message (page));

  /* Legends: the model's latest values, with units. Nothing iterates the
   * main loop between reading the legend and the model: same tick. */
  cpu_value = yado_format_percent (yado_domain_get_latest (alpha, YADO_GRAPH_GUEST_CPU));
  cpu_expected = g_strdup_printf ("Guest CPU %s", cpu_value);
  cpu_legend = legend (cpu, 0);
  g_assert_cmpstr (cpu_legend, ==, cpu_expected);
  g_assert_true (g_str_has_suffix (cpu_expected, " %"));

  /* alpha may use 1 GiB: the memory used, in bytes, of that. */
  used = yado_format_bytes ((guint64) (yado_domain_get_latest (alpha, YADO_GRAPH_MEMORY) / 100.0
                                       * yado_domain_get_max_memory_kib (alpha) * 1024 + 0.5));
  memory_expected = g_strdup_printf ("Used %s of 1.0 GiB", used);
  memory_legend = legend (memory, 0);
  g_assert_cmpstr (memory_legend, ==, memory_expected);

  assert_rate_legend (disk, 0, "Read", alpha, YADO_GRAPH_DISK_READ);
  assert_rate_legend (disk, 1, "Write", alpha, YADO_GRAPH_DISK_WRITE);
  assert_rate_legend (network, 0, "Received", alpha, YADO_GRAPH_NET_RX);
  assert_rate_legend (network, 1, "Sent", alpha, YADO_GRAPH_NET_TX);

  /* A screen reader hears the same figures. */
  {
    g_autofree char *read = legend (disk, 0);
    g_autofree char *write = legend (disk, 1);

    description = g_strdup_printf ("%s, %s", read, write);
    g_assert_cmpstr (atk_object_get_description (gtk_widget_get_accessible (GTK_WIDGET (disk))),
                     ==, description);
  }

  /* Axes: percent to 100 %, memory to what the VM may use, rates to a
   * round figure above every value; two minutes of 1 s ticks. */
  cpu_labels = yado_graph_view_dup_y_labels (cpu);
  g_assert_cmpstr (cpu_labels[0], ==, "0 %");
  g_assert_cmpstr (cpu_labels[g_strv_length (cpu_labels) - 1], ==, "100 %");
  memory_labels = yado_graph_view_dup_y_labels (memory);
  g_assert_cmpstr (memory_labels[2], ==, "512 MiB");
  g_assert_cmpstr (memory_labels[g_strv_length (memory_labels) - 1], ==, "1.0 GiB");
  disk_labels = yado_graph_view_dup_y_labels (disk);
  g_assert_cmpstr (disk_labels[0], ==, "0 B/s");
  g_assert_cmpuint (g_strv_length (disk_labels), >=, 4);
  g_assert_cmpuint (g_strv_length (disk_labels), <=, 5);
  g_assert_true (g_str_has_suffix (disk_labels[1], "/s"));
  g_assert_cmpfloat (yado_graph_view_get_y_max (disk), >=,
                     MAX (yado_history_max (yado_domain_get_history (alpha, YADO_GRAPH_DISK_READ),
                                            YADO_HISTORY_LENGTH),
                          yado_history_max (yado_domain_get_history (alpha, YADO_GRAPH_DISK_WRITE),
                                            YADO_HISTORY_LENGTH)));
  times = yado_graph_view_dup_x_labels (cpu);
  g_assert_cmpstr (times[0], ==, "-2 min");
  g_assert_cmpstr (times[1], ==, "-1 min");
  g_assert_cmpstr (times[2], ==, "now");
  g_assert_null (times[3]);

  /* On the default (light) theme the first line is the theme's accent. */
  {
    GdkRGBA accent, first;

    lookup_color (GTK_WIDGET (disk), "theme_selected_bg_color", &accent);
    yado_graph_view_get_series_color (disk, 0, &first);
    g_assert_true (gdk_rgba_equal (&accent, &first));
  }
  assert_lines_drawn (disk);
  assert_lines_drawn (network);
  if (g_getenv ("YADO_TEST_SCREENSHOT_DIR") != NULL)
    wait_for_ticks (f, 10); /* a longer line for the picture */
  yado_test_save_screenshot ("performance-page");
}

/* The lines follow the theme: a dark theme's colours, and still both. */
static void
test_dark_theme (Fixture *f, gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  YadoPerformancePage *page = show_page (f, "alpha");
  YadoGraphView *disk = graph (page, "Disk I/O");
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (disk));
  GdkRGBA light_text, dark_text;

  gtk_style_context_get_color (style, GTK_STATE_FLAG_NORMAL, &light_text);
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  wait_for_ticks (f, TICKS);
  gtk_style_context_get_color (style, GTK_STATE_FLAG_NORMAL, &dark_text);
  /* Light text on a dark theme: the axis labels are drawn in it. */
  g_assert_cmpfloat (dark_text.red + dark_text.green + dark_text.blue, >,
                     light_text.red + light_text.green + light_text.blue);
  assert_lines_drawn (disk);
  assert_lines_drawn (graph (page, "Network I/O"));
  yado_test_save_screenshot ("performance-page-dark");
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

/* A shut-off VM has no figures: the page says so, and follows the VM. */
static void
test_shut_off_vm (Fixture *f, gconstpointer data)
{
  YadoDomain *gamma = yado_test_domain (f->c, "gamma");
  YadoPerformancePage *page = show_page (f, "gamma");
  GtkWidget *cpu = GTK_WIDGET (graph (page, "CPU usage"));

  g_assert_true (shows_message (page));
  g_assert_false (gtk_widget_get_mapped (cpu));
  yado_test_save_screenshot ("performance-page-shut-off");

  g_assert_true (yado_domain_lifecycle_sync (gamma, YADO_LIFECYCLE_START, NULL, NULL));
  yado_test_wait_until (gtk_widget_get_mapped (cpu), WAIT_MS);
  g_assert_false (shows_message (page));

  g_assert_true (yado_domain_lifecycle_sync (gamma, YADO_LIFECYCLE_FORCE_OFF, NULL, NULL));
  yado_test_wait_until (shows_message (page), WAIT_MS);
}

/* Round tops for rate graphs, with 3 or 4 round steps. */
static void
test_rate_scale (void)
{
  static const struct {
    double largest;
    double max;
    guint  steps;
  } cases[] = {
    { 0, 1024, 4 },                          /* idle: 256 B/s steps */
    { 50, 1024, 4 },
    { 1300, 1536, 3 },                       /* 512 B/s steps */
    { 100000, 102400, 4 },                   /* 25 KiB/s steps */
    { 1000 * 1024, 1000 * 1024, 4 },         /* 250 KiB/s steps */
    { 1010 * 1024, 1024 * 1024, 4 },         /* then MiB: 256 KiB/s steps */
    { 3.2 * 1024 * 1024, 4 * 1024 * 1024, 4 },
    { 70.0 * 1024 * 1024 * 1024, 75.0 * 1024 * 1024 * 1024, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint steps = 0;
      double max = yado_graph_nice_rate_max (cases[i].largest, &steps);

      g_test_message ("%g → %g in %u", cases[i].largest, max, steps);
      g_assert_cmpfloat_with_epsilon (max, cases[i].max, 1e-6 * cases[i].max);
      g_assert_cmpuint (steps, ==, cases[i].steps);
    }
}

/* The test driver has no guest agent: the view says so, and how to get
 * one; a shut-off VM's says it is not running. */
static void
test_guest_agent_not_connected (Fixture *f, gconstpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  YadoGuestAgentView *running = YADO_GUEST_AGENT_VIEW (yado_guest_agent_view_new ());
  YadoGuestAgentView *stopped = YADO_GUEST_AGENT_VIEW (yado_guest_agent_view_new ());

  gtk_container_set_border_width (GTK_CONTAINER (box), 18);
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (running));
  gtk_container_add (GTK_CONTAINER (box), GTK_WIDGET (stopped));
  yado_guest_agent_view_set_domain (running, yado_test_domain (f->c, "alpha"));
  yado_guest_agent_view_set_domain (stopped, yado_test_domain (f->c, "gamma"));
  g_assert_cmpstr (yado_guest_agent_view_get_status (running), ==, "Checking…");
  show_window (f, box);

  yado_test_wait_until (g_strcmp0 (yado_guest_agent_view_get_status (running), "Not connected") == 0,
                        WAIT_MS);
  g_assert_nonnull (strstr (yado_guest_agent_view_get_hint (running),
                            "Install qemu-guest-agent in the guest"));
  /* Nothing the agent would tell is shown. */
  g_assert_false (gtk_widget_get_mapped (yado_test_find_widget_by_name (GTK_WIDGET (running),
                                                                        "Host name")));
  g_assert_cmpstr (yado_guest_agent_view_get_status (stopped), ==, "Not connected");
  g_assert_cmpstr (yado_guest_agent_view_get_hint (stopped), ==,
                   "The virtual machine is not running.");
  yado_test_save_screenshot ("guest-agent-not-connected");
}

static gboolean
shows (GtkWidget *widget, const char *name)
{
  GtkWidget *found = yado_test_find_widget_by_name (widget, name);

  return found != NULL && gtk_widget_get_mapped (found);
}

static YadoGuestFilesystem *
filesystem (const char *mountpoint, const char *type, guint64 used, guint64 total)
{
  YadoGuestFilesystem *fs = g_new0 (YadoGuestFilesystem, 1);

  fs->mountpoint = g_strdup (mountpoint);
  fs->type = g_strdup (type);
  fs->used_bytes = used;
  fs->total_bytes = total;
  return fs;
}

/* What a guest with an agent shows (as yado_guest_info_from_params reads
 * it; tests/test-guest-info.c): its OS, name, zone, addresses, and its
 * file systems with a bar for those whose size is known. */
static void
test_guest_agent_connected (Fixture *f, gconstpointer data)
{
  YadoGuestAgentView *view = YADO_GUEST_AGENT_VIEW (yado_guest_agent_view_new ());
  g_autoptr(YadoGuestInfo) info = yado_guest_info_new ();
  GtkWidget *bar;

  info->agent_connected = TRUE;
  info->os_name = g_strdup ("Fedora Linux 39 (Server Edition)");
  info->hostname = g_strdup ("web1.example.com");
  info->timezone = g_strdup ("Europe/Paris");
  g_ptr_array_add (info->ip_addresses, g_strdup ("eth0 192.168.122.5/24"));
  g_ptr_array_add (info->ip_addresses, g_strdup ("eth0 fe80::5054:ff:fe5a:1101/64"));
  g_ptr_array_add (info->filesystems, filesystem ("/", "xfs", 3221225472ULL, 21474836480ULL));
  g_ptr_array_add (info->filesystems, filesystem ("/boot", "ext4", 0, 0));
  gtk_container_set_border_width (GTK_CONTAINER (view), 18);
  yado_guest_agent_view_show_info (view, info);
  show_window (f, GTK_WIDGET (view));

  g_assert_cmpstr (yado_guest_agent_view_get_status (view), ==, "Connected");
  g_assert_cmpstr (yado_guest_agent_view_get_hint (view), ==, "");
  g_assert_true (shows (GTK_WIDGET (view), "Operating system"));
  g_assert_true (shows (GTK_WIDGET (view), "Fedora Linux 39 (Server Edition)"));
  g_assert_true (shows (GTK_WIDGET (view), "web1.example.com"));
  g_assert_true (shows (GTK_WIDGET (view), "Europe/Paris"));
  g_assert_true (shows (GTK_WIDGET (view), "eth0 192.168.122.5/24\neth0 fe80::5054:ff:fe5a:1101/64"));
  g_assert_true (shows (GTK_WIDGET (view), "/ (xfs)"));
  g_assert_true (shows (GTK_WIDGET (view), "/boot (ext4)"));
  g_assert_true (shows (GTK_WIDGET (view), "3.0 GiB of 20 GiB used"));
  bar = yado_test_find_widget_by_name (GTK_WIDGET (view), "Space used on /");
  g_assert_true (GTK_IS_LEVEL_BAR (bar));
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (GTK_LEVEL_BAR (bar)), 0.15, 1e-9);
  yado_test_save_screenshot ("guest-agent-connected");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init (&argc, &argv);
  g_resources_register (yado_get_resource ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/performance-page/running-vm", test_running_vm);
  ADD ("/performance-page/dark-theme", test_dark_theme);
  ADD ("/performance-page/shut-off-vm", test_shut_off_vm);
  ADD ("/guest-agent-view/not-connected", test_guest_agent_not_connected);
  ADD ("/guest-agent-view/connected", test_guest_agent_connected);
#undef ADD
  g_test_add_func ("/performance-page/rate-scale", test_rate_scale);
  return g_test_run ();
}
