/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * yado-console-fps: the compiled half of bench/console-fps.py, which
 * measures how many frames per second of a busy guest screen reach the X
 * server in Yado and in virt-viewer / remote-viewer. Three commands, each
 * run as its own process by the script:
 *
 *   yado-console-fps daemon --disk IMAGE
 *       Starts a private session libvirtd as the user yado-test (the live
 *       tests' helper, tests/yado-test-libvirtd.c; needs root), gives IMAGE
 *       to that user, defines the two bench VMs and prints
 *           uri URI
 *       Then waits until its stdin is closed (or SIGTERM/SIGINT) and stops
 *       the daemon and every QEMU it started.
 *
 *   yado-console-fps view --uri URI --domain NAME [--window vm|plain]
 *                         [--device N] [--size WxH] [--draw-log FILE]
 *                         [--dump-tree]
 *       Yado's console on the VM: "vm" is the VM window the application
 *       shows (YadoVmWindow, its console page on the first graphics
 *       device); "plain" is a bare YadoConsole in a GtkWindow, on graphics
 *       device N. Finds the library's display widget (gtk-vnc's VncDisplay
 *       or spice-gtk's SpiceDisplay) in the window and counts its "draw"
 *       signals; on SIGTERM writes their times (CLOCK_MONOTONIC, µs, one a
 *       line) to FILE and prints a summary: the window's paints and the
 *       area they cover, the display's size allocations, and the frame
 *       clock's frames with the time each took to lay out and paint.
 *       SIGUSR1 starts the counts again (the measurement begins).
 *       --dump-tree prints the window's widgets once connected.
 *
 *   yado-console-fps sample --pid PID [--size WxH] [--warmup S]
 *                           [--seconds S] [--hz N] [--out FILE]
 *       The measurement, the same for every viewer: finds the top-level
 *       window of process PID on the X server, moves it to 0,0 and sizes it
 *       WxH, waits until its pixels move, waits S more seconds, then reads
 *       the window's pixels from the X server N times a second
 *       (XShmGetImage of the root window over the window's area) for
 *       --seconds, and writes one line per sample that differs from the one
 *       before, "TIME FIRST_ROW LAST_ROW FIRST_COLUMN LAST_COLUMN"
 *       (CLOCK_MONOTONIC µs; the box of the window that differs) to FILE:
 *       each is a new picture on the screen. Progress lines on stdout:
 *           window 0xID WxH+X+Y
 *           moving
 *           measure-start T
 *           measure-end T samples=N changes=M cpu_s=C
 *           geometry WxH+X+Y        (the window's area again, at the end)
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <gdk/gdkx.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>

#include <gtk-vnc.h>
#include <spice-client-gtk.h>

#include "yado-application.h"
#include "yado-connection.h"
#include "yado-console.h"
#include "yado-resources.h"
#include "yado-test-libvirtd.h"
#include "yado-vm-window.h"

#define BENCH_USER "yado-test"

/* ------------------------------------------------------------- daemon --- */

/* The bench VMs: 64 MiB, the pattern boot sector as their only disk, a
 * standard VGA. Both have VNC and SPICE, listening on 127.0.0.1 with
 * automatic ports (so remote-viewer can come by URI), in two orders: a VM
 * window and virt-viewer --attach show the first. */
static const char vm_xml_format[] =
  "<domain type='qemu'>\n"
  "  <name>%s</name>\n"
  "  <memory unit='MiB'>64</memory>\n"
  "  <vcpu>1</vcpu>\n"
  "  <os>\n"
  "    <type arch='x86_64' machine='pc'>hvm</type>\n"
  "    <boot dev='hd'/>\n"
  "  </os>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='qemu' type='raw'/>\n"
  "      <source file='%s'/>\n"
  "      <target dev='hda' bus='ide'/>\n"
  "    </disk>\n"
  "    %s\n"
  "    %s\n"
  "    <video><model type='vga'/></video>\n"
  "    <memballoon model='none'/>\n"
  "  </devices>\n"
  "</domain>\n";
static const char vnc_xml[] = "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>";
static const char spice_xml[] = "<graphics type='spice' autoport='yes' listen='127.0.0.1'/>";

static gboolean
define_vm (YadoTestLibvirtd *daemon, const char *name, const char *disk,
           const char *first, const char *second, GError **error)
{
  g_autofree char *xml = g_strdup_printf (vm_xml_format, name, disk, first, second);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int fd = g_file_open_tmp ("yado-bench-vm-XXXXXX.xml", &path, error);

  if (fd < 0)
    return FALSE;
  close (fd);
  if (!g_file_set_contents (path, xml, -1, error))
    return FALSE;
  out = yado_test_libvirtd_virsh (daemon, error, "define", path, NULL);
  g_unlink (path);
  return out != NULL;
}

static gboolean
on_daemon_stop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_daemon_stdin (GIOChannel *channel, GIOCondition condition, gpointer loop)
{
  char buf[256];
  ssize_t n = read (g_io_channel_unix_get_fd (channel), buf, sizeof buf);

  if (n > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
run_daemon (int argc, char **argv)
{
  g_autofree char *disk = NULL;
  GOptionEntry entries[] = {
    { "disk", 0, 0, G_OPTION_ARG_FILENAME, &disk, "the guest's boot disk", "IMAGE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- bench libvirtd");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GIOChannel) input = NULL;
  YadoTestLibvirtd *daemon;
  struct passwd *pw;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || disk == NULL)
    {
      g_printerr ("daemon: %s\n", error ? error->message : "--disk is needed");
      return 2;
    }
  /* Called from the main thread: the daemon dies with it (PDEATHSIG). */
  daemon = yado_test_libvirtd_start (&error);
  if (daemon == NULL)
    {
      g_printerr ("daemon: could not start libvirtd: %s\n", error->message);
      return 1;
    }
  /* QEMU runs as the daemon's user and writes to its disk. */
  pw = getpwnam (BENCH_USER);
  if (pw == NULL || chown (disk, pw->pw_uid, pw->pw_gid) < 0)
    {
      g_printerr ("daemon: cannot give %s to %s: %s\n", disk, BENCH_USER, g_strerror (errno));
      yado_test_libvirtd_free (daemon);
      return 1;
    }
  if (!define_vm (daemon, "yado-bench-vnc", disk, vnc_xml, spice_xml, &error)
      || !define_vm (daemon, "yado-bench-spice", disk, spice_xml, vnc_xml, &error))
    {
      g_printerr ("daemon: %s\n", error->message);
      yado_test_libvirtd_free (daemon);
      return 1;
    }
  g_print ("uri %s\n", yado_test_libvirtd_get_uri (daemon));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_daemon_stop, loop);
  g_unix_signal_add (SIGINT, on_daemon_stop, loop);
  input = g_io_channel_unix_new (STDIN_FILENO);
  g_io_add_watch (input, G_IO_IN | G_IO_HUP | G_IO_ERR, on_daemon_stdin, loop);
  g_main_loop_run (loop);

  /* Freeing kills the daemon and every QEMU it started. */
  yado_test_libvirtd_free (daemon);
  return 0;
}

/* --------------------------------------------------------------- view --- */

typedef struct {
  GtkWidget   *window;
  GtkWidget   *counted;    /* the viewer widget whose draws we count */
  GArray      *draws;      /* gint64 µs, CLOCK_MONOTONIC */
  char        *draw_log;
  /* For the summary: how much of the window each paint covers, and how
   * often the viewer widget is given a new size. */
  guint64      window_draws;
  double       window_draw_area;
  guint64      display_allocations;
  /* The window's frame clock: how long each frame's layout and paint take
   * on the client side (the X server renders after). */
  gboolean     dump_tree;
  GdkFrameClock *clock;
  gint64       frame_start;
  guint64      frames;
  gint64       frame_time_us;
  gint64       reset_time;   /* the last SIGUSR1, or the start */
} Viewer;

static void
on_before_paint (GdkFrameClock *clock, Viewer *viewer)
{
  viewer->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, Viewer *viewer)
{
  if (viewer->frame_start == 0)
    return;
  viewer->frames++;
  viewer->frame_time_us += g_get_monotonic_time () - viewer->frame_start;
  viewer->frame_start = 0;
}

static gboolean
on_window_draw (GtkWidget *widget, cairo_t *cr, Viewer *viewer)
{
  double x1, y1, x2, y2;

  cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
  viewer->window_draws++;
  viewer->window_draw_area += (x2 - x1) * (y2 - y1);
  return FALSE;
}

static void
on_display_size_allocate (GtkWidget *widget, GdkRectangle *allocation, Viewer *viewer)
{
  viewer->display_allocations++;
}

/* Counted before the widget's own handler: gtk-vnc's and spice-gtk's
 * draw handlers return TRUE, which stops the emission before any
 * g_signal_connect_after() handler would run. */
static gboolean
on_display_draw (GtkWidget *widget, cairo_t *cr, Viewer *viewer)
{
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (viewer->draws, now);
  return FALSE;
}

/* --dump-tree: the window's widgets, for finding what else draws or keeps
 * the frame clock running (an active spinner, a revealer, ...). */
static void
dump_widget (GtkWidget *widget, gpointer data)
{
  int depth = GPOINTER_TO_INT (data);
  GtkAllocation allocation;

  gtk_widget_get_allocation (widget, &allocation);
  g_print ("tree %*s%s%s%s %dx%d%+d%+d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
           gtk_widget_get_realized (widget) ? " realized" : "",
           gtk_widget_get_mapped (widget) ? " mapped" : "",
           allocation.width, allocation.height, allocation.x, allocation.y);
  if (GTK_IS_SPINNER (widget))
    {
      gboolean active = FALSE;

      g_object_get (widget, "active", &active, NULL);
      g_print (" active=%d", active);
    }
  if (GTK_IS_REVEALER (widget))
    g_print (" reveal-child=%d child-revealed=%d",
             gtk_revealer_get_reveal_child (GTK_REVEALER (widget)),
             gtk_revealer_get_child_revealed (GTK_REVEALER (widget)));
  g_print ("\n");
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), dump_widget, GINT_TO_POINTER (depth + 1));
}

static gboolean
after_connected (gpointer data)
{
  Viewer *viewer = data;

  dump_widget (viewer->window, GINT_TO_POINTER (0));
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
find_display_cb (GtkWidget *widget, gpointer data)
{
  GtkWidget **found = data;

  if (*found != NULL)
    return;
  if (VNC_IS_DISPLAY (widget) || SPICE_IS_DISPLAY (widget))
    *found = widget;
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_display_cb, data);
}

static void
on_display_destroy (GtkWidget *widget, Viewer *viewer)
{
  if (viewer->counted == widget)
    viewer->counted = NULL;
}

/* Looks for the library's display widget wherever the window keeps it (a
 * console page, a scrolled window...), so this program follows the UI as
 * it changes. A new one (the console reconnected) is counted too. */
static gboolean
watch_display (gpointer data)
{
  Viewer *viewer = data;
  GtkWidget *display = NULL;
  gboolean scaling = FALSE;

  if (viewer->clock == NULL && gtk_widget_get_realized (viewer->window))
    {
      viewer->clock = gtk_widget_get_frame_clock (viewer->window);
      g_signal_connect (viewer->clock, "before-paint", G_CALLBACK (on_before_paint), viewer);
      g_signal_connect (viewer->clock, "after-paint", G_CALLBACK (on_after_paint), viewer);
    }
  find_display_cb (viewer->window, &display);
  if (display == NULL || display == viewer->counted || !gtk_widget_get_mapped (display))
    return G_SOURCE_CONTINUE;
  viewer->counted = display;
  g_signal_connect (display, "draw", G_CALLBACK (on_display_draw), viewer);
  g_signal_connect (display, "destroy", G_CALLBACK (on_display_destroy), viewer);
  g_signal_connect (display, "size-allocate", G_CALLBACK (on_display_size_allocate), viewer);
  if (VNC_IS_DISPLAY (display))
    scaling = vnc_display_get_scaling (VNC_DISPLAY (display));
  else
    g_object_get (display, "scaling", &scaling, NULL);
  g_print ("connected %s scaling=%d monotonic_us=%" G_GINT64_FORMAT "\n",
           G_OBJECT_TYPE_NAME (display), scaling, g_get_monotonic_time ());
  fflush (stdout);
  /* --dump-tree: once the console page has settled. */
  if (viewer->dump_tree)
    g_timeout_add (1000, after_connected, viewer);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_view_stop (gpointer data)
{
  Viewer *viewer = data;

  if (viewer->draw_log != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < viewer->draws->len; i++)
        g_string_append_printf (text, "%" G_GINT64_FORMAT "\n",
                                g_array_index (viewer->draws, gint64, i));
      if (!g_file_set_contents (viewer->draw_log, text->str, (gssize) text->len, NULL))
        g_printerr ("view: cannot write %s\n", viewer->draw_log);
    }
  g_print ("draws %u in %.1f s\n", viewer->draws->len,
           (double) (g_get_monotonic_time () - viewer->reset_time) / G_USEC_PER_SEC);
  g_print ("window-draws %" G_GUINT64_FORMAT " mean-clip-area %.0f px (window %dx%d)\n",
           viewer->window_draws,
           viewer->window_draw_area / (double) MAX (viewer->window_draws, 1),
           gtk_widget_get_allocated_width (viewer->window),
           gtk_widget_get_allocated_height (viewer->window));
  g_print ("display-allocations %" G_GUINT64_FORMAT "\n", viewer->display_allocations);
  g_print ("frame-clock %" G_GUINT64_FORMAT " frames mean-paint-ms %.2f\n", viewer->frames,
           (double) viewer->frame_time_us / (double) MAX (viewer->frames, 1) / 1000.0);
  fflush (stdout);
  gtk_main_quit ();
  return G_SOURCE_REMOVE;
}

/* SIGUSR1: the measurement starts; the summary counts from here. */
static gboolean
on_view_reset (gpointer data)
{
  Viewer *viewer = data;

  g_array_set_size (viewer->draws, 0);
  viewer->window_draws = 0;
  viewer->window_draw_area = 0;
  viewer->display_allocations = 0;
  viewer->frames = 0;
  viewer->frame_time_us = 0;
  viewer->frame_start = 0;
  viewer->reset_time = g_get_monotonic_time ();
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_size (const char *text, int *width, int *height)
{
  return text != NULL && sscanf (text, "%dx%d", width, height) == 2 && *width > 0 && *height > 0;
}

static int
run_view (int argc, char **argv)
{
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *size = NULL;
  int device = 0, width = 800, height = 600;
  GOptionEntry entries[] = {
    { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "libvirt URI", "URI" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &name, "the VM", "NAME" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &kind, "vm (the VM window) or plain", "KIND" },
    { "device", 0, 0, G_OPTION_ARG_INT, &device, "graphics device, for plain", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "window size", "WxH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Yado's console");
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoConnection) connection = NULL;
  g_autoptr(GSettings) settings = NULL;
  Viewer viewer = { 0 };
  GOptionEntry log_entry[] = {
    { "draw-log", 0, 0, G_OPTION_ARG_FILENAME, &viewer.draw_log, "draw times", "FILE" },
    { "dump-tree", 0, 0, G_OPTION_ARG_NONE, &viewer.dump_tree,
      "print the window's widgets once connected", NULL },
    { NULL }
  };
  YadoDomain *domain;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, log_entry, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || uri == NULL || name == NULL
      || (size != NULL && !parse_size (size, &width, &height)))
    {
      g_printerr ("view: %s\n", error ? error->message : "--uri and --domain are needed");
      return 2;
    }
  g_resources_register (yado_get_resource ());

  connection = yado_connection_new (uri);
  if (!yado_connection_open_sync (connection, 30000, &error))
    {
      g_printerr ("view: cannot open %s: %s\n", uri, error->message);
      return 1;
    }
  domain = yado_connection_lookup_domain (connection, name);
  if (domain == NULL)
    {
      g_printerr ("view: no domain %s\n", name);
      return 1;
    }

  viewer.draws = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (kind == NULL || g_strcmp0 (kind, "vm") == 0)
    {
      /* The VM window connects its console page by itself. */
      settings = yado_settings_new ();
      viewer.window = GTK_WIDGET (yado_vm_window_new (NULL, domain, settings));
      gtk_window_set_default_size (GTK_WINDOW (viewer.window), width, height);
      gtk_widget_show (viewer.window);
    }
  else if (g_strcmp0 (kind, "plain") == 0)
    {
      GtkWidget *console = yado_console_new ();

      viewer.window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
      gtk_window_set_title (GTK_WINDOW (viewer.window), name);
      gtk_container_add (GTK_CONTAINER (viewer.window), console);
      gtk_window_set_default_size (GTK_WINDOW (viewer.window), width, height);
      gtk_widget_show_all (viewer.window);
      yado_console_connect_device (YADO_CONSOLE (console), domain, (guint) device);
    }
  else
    {
      g_printerr ("view: --window is vm or plain\n");
      return 2;
    }
  g_signal_connect (viewer.window, "draw", G_CALLBACK (on_window_draw), &viewer);
  g_timeout_add (100, watch_display, &viewer);

  viewer.reset_time = g_get_monotonic_time ();
  g_unix_signal_add (SIGUSR1, on_view_reset, &viewer);
  g_unix_signal_add (SIGTERM, on_view_stop, &viewer);
  g_unix_signal_add (SIGINT, on_view_stop, &viewer);
  gtk_main ();
  /* Not torn down: the process ends here, and a console closing while
   * the guest draws only adds noise to the log. */
  return 0;
}

/* ------------------------------------------------------------- sample --- */

static gint64
monotonic_us (void)
{
  return g_get_monotonic_time ();
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* The largest viewable top-level window of @pid (GTK sets _NET_WM_PID). */
static Window
find_window (Display *dpy, pid_t pid)
{
  Atom wm_pid = XInternAtom (dpy, "_NET_WM_PID", False);
  Window root = DefaultRootWindow (dpy), parent, *children = NULL, best = None;
  unsigned int n = 0;
  long best_area = 0;

  if (!XQueryTree (dpy, root, &root, &parent, &children, &n))
    return None;
  for (unsigned int i = 0; i < n; i++)
    {
      XWindowAttributes attrs;
      Atom type;
      int format;
      unsigned long items, after;
      unsigned char *data = NULL;

      if (!XGetWindowAttributes (dpy, children[i], &attrs) || attrs.map_state != IsViewable)
        continue;
      if (XGetWindowProperty (dpy, children[i], wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                              &items, &after, &data) == Success
          && data != NULL && items == 1 && format == 32
          && (pid_t) *(unsigned long *) data == pid
          && (long) attrs.width * attrs.height > best_area)
        {
          best = children[i];
          best_area = (long) attrs.width * attrs.height;
        }
      if (data != NULL)
        XFree (data);
    }
  if (children != NULL)
    XFree (children);
  return best;
}

/* The window's area in root coordinates, clipped to the screen. */
static gboolean
window_area (Display *dpy, Window window, int *x, int *y, int *width, int *height)
{
  XWindowAttributes attrs;
  Window child;
  int screen_w = DisplayWidth (dpy, DefaultScreen (dpy));
  int screen_h = DisplayHeight (dpy, DefaultScreen (dpy));

  if (!XGetWindowAttributes (dpy, window, &attrs)
      || !XTranslateCoordinates (dpy, window, DefaultRootWindow (dpy), 0, 0, x, y, &child))
    return FALSE;
  *width = MIN (attrs.width, screen_w - MAX (*x, 0));
  *height = MIN (attrs.height, screen_h - MAX (*y, 0));
  *x = MAX (*x, 0);
  *y = MAX (*y, 0);
  return *width > 0 && *height > 0;
}

typedef struct {
  Display        *dpy;
  XImage         *image;
  XShmSegmentInfo shm;
  gboolean        use_shm;
  int             x, y, width, height;
} Grabber;

static gboolean
grabber_init (Grabber *g, Display *dpy, int x, int y, int width, int height)
{
  Visual *visual = DefaultVisual (dpy, DefaultScreen (dpy));
  int depth = DefaultDepth (dpy, DefaultScreen (dpy));

  memset (g, 0, sizeof *g);
  g->dpy = dpy;
  g->x = x;
  g->y = y;
  g->width = width;
  g->height = height;
  g->use_shm = XShmQueryExtension (dpy);
  if (!g->use_shm)
    return TRUE;
  g->image = XShmCreateImage (dpy, visual, (unsigned) depth, ZPixmap, NULL, &g->shm,
                              (unsigned) width, (unsigned) height);
  if (g->image == NULL)
    return FALSE;
  g->shm.shmid = shmget (IPC_PRIVATE, (size_t) g->image->bytes_per_line * (size_t) height,
                         IPC_CREAT | 0600);
  if (g->shm.shmid < 0)
    return FALSE;
  g->shm.shmaddr = g->image->data = shmat (g->shm.shmid, NULL, 0);
  g->shm.readOnly = False;
  if (!XShmAttach (dpy, &g->shm))
    return FALSE;
  XSync (dpy, False);
  /* Gone with the last detach, even if we crash. */
  shmctl (g->shm.shmid, IPC_RMID, NULL);
  return TRUE;
}

static void
grabber_fini (Grabber *g)
{
  if (g->image == NULL)
    return;
  if (g->use_shm)
    {
      XShmDetach (g->dpy, &g->shm);
      XSync (g->dpy, False);
      g->image->data = NULL;
      XDestroyImage (g->image);
      shmdt (g->shm.shmaddr);
    }
  else
    XDestroyImage (g->image);
  g->image = NULL;
}

/* Reads the area now; returns its pixels (bytes_per_line * height). */
static const char *
grabber_grab (Grabber *g, size_t *len)
{
  if (g->use_shm)
    {
      if (!XShmGetImage (g->dpy, DefaultRootWindow (g->dpy), g->image, g->x, g->y, AllPlanes))
        return NULL;
    }
  else
    {
      if (g->image != NULL)
        XDestroyImage (g->image);
      g->image = XGetImage (g->dpy, DefaultRootWindow (g->dpy), g->x, g->y,
                            (unsigned) g->width, (unsigned) g->height, AllPlanes, ZPixmap);
      if (g->image == NULL)
        return NULL;
    }
  *len = (size_t) g->image->bytes_per_line * (size_t) g->height;
  return g->image->data;
}

/* A sample that differed from the one before. */
typedef struct {
  gint64 time_us;
  int    first_row, last_row;        /* what differed, in the window */
  int    first_column, last_column;
} Change;

static void
sleep_until (gint64 deadline_us)
{
  gint64 now = monotonic_us ();

  if (deadline_us > now)
    g_usleep ((gulong) (deadline_us - now));
}

static int
run_sample (int argc, char **argv)
{
  int pid = 0, hz = 250;
  double warmup = 5, seconds = 20;
  g_autofree char *size = NULL;
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "pid", 0, 0, G_OPTION_ARG_INT, &pid, "the viewer's process", "PID" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "size the window to this", "WxH" },
    { "warmup", 0, 0, G_OPTION_ARG_DOUBLE, &warmup, "seconds after the pixels move", "S" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "how long to measure", "S" },
    { "hz", 0, 0, G_OPTION_ARG_INT, &hz, "samples a second", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "times of new frames", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- frames on the X server");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autofree char *previous = NULL;
  int width = 800, height = 600, x, y, w, h;
  Display *dpy;
  Window window = None;
  Grabber grabber;
  const char *pixels;
  size_t len = 0;
  gint64 deadline, period, next, start, end;
  guint64 samples = 0;
  double cpu_start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || pid <= 0 || hz <= 0
      || (size != NULL && !parse_size (size, &width, &height)))
    {
      g_printerr ("sample: %s\n", error ? error->message : "--pid is needed");
      return 2;
    }
  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      g_printerr ("sample: cannot open the display\n");
      return 1;
    }

  /* The window, once the viewer has mapped it. */
  deadline = monotonic_us () + 60 * G_USEC_PER_SEC;
  while ((window = find_window (dpy, (pid_t) pid)) == None)
    {
      if (monotonic_us () > deadline)
        {
          g_printerr ("sample: process %d showed no window within 60 s\n", pid);
          return 1;
        }
      g_usleep (50000);
    }
  /* Same place and size for every viewer. No window manager: this is the
   * window's geometry at once. */
  XMoveResizeWindow (dpy, window, 0, 0, (unsigned) width, (unsigned) height);
  XSync (dpy, False);
  g_usleep (500000);
  if (!window_area (dpy, window, &x, &y, &w, &h))
    {
      g_printerr ("sample: the window went away\n");
      return 1;
    }
  g_print ("window 0x%lx %dx%d+%d+%d\n", (unsigned long) window, w, h, x, y);
  fflush (stdout);
  if (!grabber_init (&grabber, dpy, x, y, w, h))
    {
      g_printerr ("sample: cannot set up MIT-SHM\n");
      return 1;
    }

  /* Until the picture moves: the viewer has connected and draws. */
  deadline = monotonic_us () + 60 * G_USEC_PER_SEC;
  for (int moving = 0; moving < 5;)
    {
      if (monotonic_us () > deadline)
        {
          g_printerr ("sample: the window's pixels did not change within 60 s\n");
          return 1;
        }
      pixels = grabber_grab (&grabber, &len);
      if (pixels == NULL)
        {
          g_printerr ("sample: cannot read the window's pixels\n");
          return 1;
        }
      if (previous != NULL && memcmp (previous, pixels, len) != 0)
        moving++;
      g_free (previous);
      previous = g_memdup2 (pixels, len);
      g_usleep (50000);
    }
  g_print ("moving\n");
  fflush (stdout);
  /* Viewers size their window to the guest's screen once they have it
   * (virt-viewer does): size it again, now that they have. */
  XMoveResizeWindow (dpy, window, 0, 0, (unsigned) width, (unsigned) height);
  XSync (dpy, False);
  g_usleep (1000000);
  if (!window_area (dpy, window, &x, &y, &w, &h))
    {
      g_printerr ("sample: the window went away\n");
      return 1;
    }
  if (x != grabber.x || y != grabber.y || w != grabber.width || h != grabber.height)
    {
      grabber_fini (&grabber);
      if (!grabber_init (&grabber, dpy, x, y, w, h))
        {
          g_printerr ("sample: cannot set up MIT-SHM\n");
          return 1;
        }
      pixels = grabber_grab (&grabber, &len);
      if (pixels == NULL)
        return 1;
      g_free (previous);
      previous = g_memdup2 (pixels, len);
    }
  g_print ("window 0x%lx %dx%d+%d+%d\n", (unsigned long) window, w, h, x, y);
  fflush (stdout);
  sleep_until (monotonic_us () + (gint64) (warmup * G_USEC_PER_SEC));

  /* The measurement: a sample every 1/hz s, on a fixed schedule. */
  period = G_USEC_PER_SEC / hz;
  cpu_start = cpu_seconds ();
  start = monotonic_us ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);
  g_print ("measure-start %" G_GINT64_FORMAT "\n", start);
  fflush (stdout);
  pixels = grabber_grab (&grabber, &len);
  if (pixels == NULL)
    return 1;
  memcpy (previous, pixels, len);
  for (next = start + period; next < end; next += period)
    {
      gint64 now;

      sleep_until (next);
      pixels = grabber_grab (&grabber, &len);
      if (pixels == NULL)
        {
          g_printerr ("sample: cannot read the window's pixels\n");
          return 1;
        }
      now = monotonic_us ();
      samples++;
      if (memcmp (previous, pixels, len) != 0)
        {
          Change change = { now, 0, grabber.height - 1, 0, 0 };
          size_t stride = (size_t) grabber.image->bytes_per_line;
          size_t pixel = (size_t) grabber.image->bits_per_pixel / 8;
          size_t first_byte = stride, last_byte = 0;

          /* Where the picture changed: a viewer may show one update of the
           * guest's screen in several paints (QEMU's VNC server sends it
           * top to bottom, its SPICE server in columns, left to right). */
          while (memcmp (previous + stride * (size_t) change.first_row,
                         pixels + stride * (size_t) change.first_row, stride) == 0)
            change.first_row++;
          while (memcmp (previous + stride * (size_t) change.last_row,
                         pixels + stride * (size_t) change.last_row, stride) == 0)
            change.last_row--;
          for (int row = change.first_row; row <= change.last_row; row++)
            {
              const char *a = previous + stride * (size_t) row, *b = pixels + stride * (size_t) row;
              size_t i = 0, j = stride;

              while (i < first_byte && a[i] == b[i])
                i++;
              first_byte = MIN (first_byte, i);
              while (j > last_byte + 1 && a[j - 1] == b[j - 1])
                j--;
              if (j > 0 && a[j - 1] != b[j - 1])
                last_byte = MAX (last_byte, j - 1);
            }
          change.first_column = (int) (first_byte / pixel);
          change.last_column = (int) (last_byte / pixel);
          g_array_append_val (changes, change);
          memcpy (previous, pixels, len);
        }
      /* Fell behind (a slow grab): skip the missed slots, do not bunch. */
      if (now > next + period)
        next += ((now - next) / period) * period;
    }
  g_print ("measure-end %" G_GINT64_FORMAT " samples=%" G_GUINT64_FORMAT " changes=%u cpu_s=%.3f\n",
           monotonic_us (), samples, changes->len, cpu_seconds () - cpu_start);
  if (window_area (dpy, window, &x, &y, &w, &h))
    g_print ("geometry %dx%d+%d+%d\n", w, h, x, y);
  fflush (stdout);

  if (out_path != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < changes->len; i++)
        {
          Change *change = &g_array_index (changes, Change, i);

          g_string_append_printf (text, "%" G_GINT64_FORMAT " %d %d %d %d\n", change->time_us,
                                  change->first_row, change->last_row,
                                  change->first_column, change->last_column);
        }
      if (!g_file_set_contents (out_path, text->str, (gssize) text->len, &error))
        {
          g_printerr ("sample: %s\n", error->message);
          return 1;
        }
    }
  grabber_fini (&grabber);
  XCloseDisplay (dpy);
  return 0;
}

/* --------------------------------------------------------------- main --- */

int
main (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "daemon") == 0)
    return run_daemon (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "view") == 0)
    {
      gtk_init (&argc, &argv);
      return run_view (argc - 1, argv + 1);
    }
  if (argc >= 2 && strcmp (argv[1], "sample") == 0)
    return run_sample (argc - 1, argv + 1);
  g_printerr ("usage: %s daemon|view|sample [OPTIONS]   (see bench/console-fps.c)\n", argv[0]);
  return 2;
}
