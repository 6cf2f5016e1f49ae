/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-format.h"
#include "yado-guest-agent-view.h"

/* Addresses change (DHCP), file systems fill: ask again this often. */
#define REFRESH_SECONDS 10
#define LEVEL_BAR_WIDTH 120

/* The rows shown only while the agent answers. */
enum { ROW_OS, ROW_HOSTNAME, ROW_TIMEZONE, ROW_ADDRESSES, ROW_FILESYSTEMS, N_DETAILS };

struct _YadoGuestAgentView
{
  GtkGrid       parent_instance;

  GtkLabel     *status_label;
  GtkLabel     *hint_label;
  GtkWidget    *keys[N_DETAILS];
  GtkWidget    *values[N_DETAILS];
  GtkGrid      *filesystems;   /* values[ROW_FILESYSTEMS] */

  YadoDomain   *domain;
  GCancellable *cancellable;   /* of the fetch in flight, or NULL */
  guint         refresh_source;
  gboolean      vm_active;     /* as last seen, to notice starts and stops */
};

G_DEFINE_FINAL_TYPE (YadoGuestAgentView, yado_guest_agent_view, GTK_TYPE_GRID)

/* ---- what is shown ---- */

static void
show_details (YadoGuestAgentView *self, gboolean visible)
{
  for (guint i = 0; i < N_DETAILS; i++)
    {
      gtk_widget_set_visible (self->keys[i], visible);
      gtk_widget_set_visible (self->values[i], visible);
    }
}

static void
show_status (YadoGuestAgentView *self, const char *status, const char *hint)
{
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
}

static void
set_value (YadoGuestAgentView *self, guint row, const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->values[row]), text != NULL ? text : _("Unknown"));
}

static GtkWidget *
new_label (const char *text, gboolean dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (dim)
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
  gtk_widget_show (label);
  return label;
}

/* "/ (xfs)" | a bar | "3.0 GiB of 20 GiB used" */
static void
add_filesystem (GtkGrid *grid, guint row, const YadoGuestFilesystem *fs)
{
  g_autofree char *name = fs->type != NULL ? g_strdup_printf ("%s (%s)", fs->mountpoint, fs->type)
                                           : g_strdup (fs->mountpoint);
  GtkWidget *label = new_label (name, FALSE);

  gtk_grid_attach (grid, label, 0, row, 1, 1);
  if (fs->total_bytes > 0)
    {
      g_autofree char *used = yado_format_bytes (fs->used_bytes);
      g_autofree char *total = yado_format_bytes (fs->total_bytes);
      /* TRANSLATORS: a file system's usage: "3.0 GiB of 20 GiB used" */
      g_autofree char *usage = g_strdup_printf (_("%s of %s used"), used, total);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      g_autofree char *bar_name = NULL;

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               MIN ((double) fs->used_bytes / fs->total_bytes, 1.0));
      gtk_widget_set_size_request (bar, LEVEL_BAR_WIDTH, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      /* TRANSLATORS: the accessible name of a file system's usage bar */
      bar_name = g_strdup_printf (_("Space used on %s"), fs->mountpoint);
      atk_object_set_name (gtk_widget_get_accessible (bar), bar_name);
      gtk_widget_show (bar);
      gtk_grid_attach (grid, bar, 1, row, 1, 1);
      gtk_grid_attach (grid, new_label (usage, TRUE), 2, row, 1, 1);
    }
}

static void
show_filesystems (YadoGuestAgentView *self, GPtrArray *filesystems)
{
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (self->filesystems));

  for (GList *l = children; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  if (filesystems->len == 0)
    gtk_grid_attach (self->filesystems, new_label (_("None reported"), FALSE), 0, 0, 1, 1);
  for (guint i = 0; i < filesystems->len; i++)
    add_filesystem (self->filesystems, i, g_ptr_array_index (filesystems, i));
}

void
yado_guest_agent_view_show_info (YadoGuestAgentView *self, const YadoGuestInfo *info)
{
  g_autoptr(GString) addresses = g_string_new (NULL);

  if (!info->agent_connected)
    {
      show_status (self, _("Not connected"),
                   _("Install qemu-guest-agent in the guest to see its operating system, "
                     "host name and addresses."));
      show_details (self, FALSE);
      return;
    }
  show_status (self, _("Connected"), NULL);
  set_value (self, ROW_OS, info->os_name);
  set_value (self, ROW_HOSTNAME, info->hostname);
  set_value (self, ROW_TIMEZONE, info->timezone);
  for (guint i = 0; i < info->ip_addresses->len; i++)
    g_string_append_printf (addresses, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (info->ip_addresses, i));
  set_value (self, ROW_ADDRESSES, addresses->len > 0 ? addresses->str : _("None reported"));
  show_filesystems (self, info->filesystems);
  show_details (self, TRUE);
}

/* ---- asking the agent ---- */

static gboolean
should_ask (YadoGuestAgentView *self)
{
  return self->domain != NULL && yado_domain_is_active (self->domain)
         && gtk_widget_get_mapped (GTK_WIDGET (self));
}

static void
stop_asking (YadoGuestAgentView *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(YadoGuestAgentView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YadoGuestInfo) info =
    yado_domain_fetch_guest_info_finish (YADO_DOMAIN (source), result, &error);

  /* Cancelled: unmapped, disposed or another domain; nothing to show. A
   * job already running answers anyway: its cancellable says it was. */
  if (g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_object (&self->cancellable);
  if (info != NULL)
    yado_guest_agent_view_show_info (self, info);
  else
    {
      /* A hung agent, a read-only connection, a VM gone: libvirt says
       * which. */
      show_status (self, _("Unavailable"), error->message);
      show_details (self, FALSE);
    }
}

static void
ask_now (YadoGuestAgentView *self)
{
  if (self->cancellable != NULL)
    return; /* the answer in flight will do */
  self->cancellable = g_cancellable_new ();
  yado_domain_fetch_guest_info_async (self->domain, self->cancellable, on_fetched,
                                      g_object_ref (self));
}

static gboolean
on_refresh (gpointer data)
{
  ask_now (data);
  return G_SOURCE_CONTINUE;
}

/* Asks now and every REFRESH_SECONDS while the VM runs and the view is
 * seen; otherwise stops, and a stopped VM's view says so. */
static void
update_asking (YadoGuestAgentView *self)
{
  if (self->domain != NULL && !yado_domain_is_active (self->domain))
    {
      stop_asking (self);
      show_status (self, _("Not connected"), _("The virtual machine is not running."));
      show_details (self, FALSE);
      return;
    }
  if (!should_ask (self))
    {
      stop_asking (self);
      return;
    }
  ask_now (self);
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, on_refresh, self);
}

/* Started: the agent comes up with the guest, ask from now on (the
 * first answers say "not connected" while the guest boots). Stopped:
 * nothing to ask. */
static void
on_domain_changed (YadoDomain *domain, YadoGuestAgentView *self)
{
  gboolean active = yado_domain_is_active (domain);

  if (active == self->vm_active)
    return;
  self->vm_active = active;
  if (active)
    show_status (self, _("Checking…"), NULL);
  update_asking (self);
}

void
yado_guest_agent_view_set_domain (YadoGuestAgentView *self, YadoDomain *domain)
{
  g_return_if_fail (YADO_IS_GUEST_AGENT_VIEW (self));

  stop_asking (self);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_set_object (&self->domain, domain);
  self->vm_active = domain != NULL && yado_domain_is_active (domain);
  show_status (self, _("Checking…"), NULL);
  show_details (self, FALSE);
  if (domain != NULL)
    g_signal_connect (domain, "changed", G_CALLBACK (on_domain_changed), self);
  update_asking (self);
}

const char *
yado_guest_agent_view_get_status (YadoGuestAgentView *self)
{
  return gtk_label_get_text (self->status_label);
}

const char *
yado_guest_agent_view_get_hint (YadoGuestAgentView *self)
{
  return gtk_label_get_text (self->hint_label);
}

GtkWidget *
yado_guest_agent_view_new (void)
{
  return g_object_new (YADO_TYPE_GUEST_AGENT_VIEW, NULL);
}

/* ---- GtkWidget ---- */

static void
yado_guest_agent_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yado_guest_agent_view_parent_class)->map (widget);
  update_asking (YADO_GUEST_AGENT_VIEW (widget));
}

static void
yado_guest_agent_view_unmap (GtkWidget *widget)
{
  stop_asking (YADO_GUEST_AGENT_VIEW (widget));
  GTK_WIDGET_CLASS (yado_guest_agent_view_parent_class)->unmap (widget);
}

static void
yado_guest_agent_view_dispose (GObject *object)
{
  YadoGuestAgentView *self = YADO_GUEST_AGENT_VIEW (object);

  stop_asking (self);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->domain);
  G_OBJECT_CLASS (yado_guest_agent_view_parent_class)->dispose (object);
}

static void
yado_guest_agent_view_class_init (YadoGuestAgentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_guest_agent_view_dispose;
  widget_class->map = yado_guest_agent_view_map;
  widget_class->unmap = yado_guest_agent_view_unmap;
}

/* A key ("Host name") at the left of @row, dim like a form's. */
static GtkWidget *
add_key (YadoGuestAgentView *self, guint row, const char *text)
{
  GtkWidget *key = new_label (text, TRUE);

  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_grid_attach (GTK_GRID (self), key, 0, row, 1, 1);
  return key;
}

static void
add_detail (YadoGuestAgentView *self, guint detail, const char *key, GtkWidget *value)
{
  guint row = detail + 2; /* under the status and its hint */

  self->keys[detail] = add_key (self, row, key);
  self->values[detail] = value;
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (GTK_GRID (self), value, 1, row, 1, 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (self->keys[detail]), value);
}

static GtkWidget *
new_value_label (void)
{
  GtkWidget *label = new_label ("", FALSE);

  /* Selectable, to copy an address; not focusable, or the first one would
   * take the window's focus and show all its text selected. */
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_can_focus (label, FALSE);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  return label;
}

static void
yado_guest_agent_view_init (YadoGuestAgentView *self)
{
  GtkGrid *grid = GTK_GRID (self);

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);

  add_key (self, 0, _("Guest agent"));
  self->status_label = GTK_LABEL (new_label ("", FALSE));
  gtk_grid_attach (grid, GTK_WIDGET (self->status_label), 1, 0, 1, 1);
  self->hint_label = GTK_LABEL (new_label ("", TRUE));
  gtk_label_set_line_wrap (self->hint_label, TRUE);
  gtk_label_set_max_width_chars (self->hint_label, 60);
  gtk_grid_attach (grid, GTK_WIDGET (self->hint_label), 1, 1, 1, 1);

  add_detail (self, ROW_OS, _("Operating system"), new_value_label ());
  add_detail (self, ROW_HOSTNAME, _("Host name"), new_value_label ());
  add_detail (self, ROW_TIMEZONE, _("Time zone"), new_value_label ());
  add_detail (self, ROW_ADDRESSES, _("IP addresses"), new_value_label ());
  self->filesystems = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->filesystems, 4);
  gtk_grid_set_column_spacing (self->filesystems, 12);
  add_detail (self, ROW_FILESYSTEMS, _("File systems"), GTK_WIDGET (self->filesystems));
  gtk_widget_set_hexpand (GTK_WIDGET (self->filesystems), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->filesystems), GTK_ALIGN_START);

  show_status (self, _("Checking…"), NULL);
  show_details (self, FALSE);
}
