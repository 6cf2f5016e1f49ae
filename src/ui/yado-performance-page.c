/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-connection.h"
#include "yado-performance-page.h"

#define N_GRAPHS 4

struct _YadoPerformancePage
{
  GtkBox         parent_instance;

  GtkStack      *stack;
  YadoGraphView *cpu_graph;
  YadoGraphView *memory_graph;
  YadoGraphView *disk_graph;
  YadoGraphView *network_graph;

  YadoDomain    *domain;
  YadoConnection *connection; /* the domain's, whose ticks we follow */
};

G_DEFINE_FINAL_TYPE (YadoPerformancePage, yado_performance_page, GTK_TYPE_BOX)

YadoGraphView *
yado_performance_page_get_graph (YadoPerformancePage *self, guint index)
{
  YadoGraphView *graphs[N_GRAPHS] = {
    self->cpu_graph, self->memory_graph, self->disk_graph, self->network_graph,
  };

  g_return_val_if_fail (index < N_GRAPHS, NULL);
  return graphs[index];
}

static void
update_graphs (YadoPerformancePage *self)
{
  for (guint i = 0; i < N_GRAPHS; i++)
    yado_graph_view_update (yado_performance_page_get_graph (self, i));
}

/* The graphs while the VM runs (or is paused: its figures hold still);
 * otherwise there is nothing to draw, and the page says why. */
static void
update_page (YadoPerformancePage *self)
{
  gboolean active = self->domain != NULL && yado_domain_is_active (self->domain);

  gtk_stack_set_visible_child_name (self->stack, active ? "graphs" : "message");
  update_graphs (self);
}

static void
on_stats_updated (YadoConnection *connection, YadoPerformancePage *self)
{
  update_graphs (self);
}

static void
on_domain_changed (YadoDomain *domain, YadoPerformancePage *self)
{
  update_page (self);
}

static void
disconnect_domain (YadoPerformancePage *self)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  if (self->domain != NULL)
    g_signal_handlers_disconnect_by_data (self->domain, self);
  g_clear_object (&self->connection);
  g_clear_object (&self->domain);
}

void
yado_performance_page_set_domain (YadoPerformancePage *self, YadoDomain *domain)
{
  g_return_if_fail (YADO_IS_PERFORMANCE_PAGE (self));

  disconnect_domain (self);
  if (domain != NULL)
    {
      YadoConnection *connection = yado_domain_get_connection (domain);

      self->domain = g_object_ref (domain);
      /* "changed" covers the state and the maximum memory the memory
       * graph is drawn against. */
      g_signal_connect (domain, "changed", G_CALLBACK (on_domain_changed), self);
      if (connection != NULL)
        {
          self->connection = g_object_ref (connection);
          g_signal_connect (connection, "stats-updated", G_CALLBACK (on_stats_updated), self);
        }
    }
  for (guint i = 0; i < N_GRAPHS; i++)
    yado_graph_view_set_domain (yado_performance_page_get_graph (self, i), domain);
  update_page (self);
}

YadoPerformancePage *
yado_performance_page_new (void)
{
  return g_object_new (YADO_TYPE_PERFORMANCE_PAGE, NULL);
}

/* ---- GObject ---- */

static void
yado_performance_page_dispose (GObject *object)
{
  disconnect_domain (YADO_PERFORMANCE_PAGE (object));
  G_OBJECT_CLASS (yado_performance_page_parent_class)->dispose (object);
}

static void
yado_performance_page_class_init (YadoPerformancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yado_performance_page_dispose;

  g_type_ensure (YADO_TYPE_GRAPH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/yado/Yado/ui/yado-performance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YadoPerformancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, YadoPerformancePage, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, YadoPerformancePage, memory_graph);
  gtk_widget_class_bind_template_child (widget_class, YadoPerformancePage, disk_graph);
  gtk_widget_class_bind_template_child (widget_class, YadoPerformancePage, network_graph);
}

static void
yado_performance_page_init (YadoPerformancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  yado_graph_view_set_unit (self->cpu_graph, YADO_GRAPH_UNIT_PERCENT);
  yado_graph_view_add_series (self->cpu_graph, YADO_GRAPH_GUEST_CPU, _("Guest CPU"));
  yado_graph_view_set_unit (self->memory_graph, YADO_GRAPH_UNIT_MEMORY);
  yado_graph_view_add_series (self->memory_graph, YADO_GRAPH_MEMORY, _("Used"));
  yado_graph_view_set_unit (self->disk_graph, YADO_GRAPH_UNIT_RATE);
  yado_graph_view_add_series (self->disk_graph, YADO_GRAPH_DISK_READ, _("Read"));
  yado_graph_view_add_series (self->disk_graph, YADO_GRAPH_DISK_WRITE, _("Write"));
  yado_graph_view_set_unit (self->network_graph, YADO_GRAPH_UNIT_RATE);
  yado_graph_view_add_series (self->network_graph, YADO_GRAPH_NET_RX, _("Received"));
  yado_graph_view_add_series (self->network_graph, YADO_GRAPH_NET_TX, _("Sent"));
  update_page (self);
}
