/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "yado-error.h"
#include "yado-lifecycle-actions.h"

typedef struct {
  const char     *action;
  YadoLifecycleOp op;
} LifecycleAction;

static const LifecycleAction lifecycle_actions[] = {
  { "run", YADO_LIFECYCLE_START },
  { "pause", YADO_LIFECYCLE_PAUSE },
  { "resume", YADO_LIFECYCLE_RESUME },
  { "shutdown", YADO_LIFECYCLE_SHUTDOWN },
  { "reboot", YADO_LIFECYCLE_REBOOT },
  { "reset", YADO_LIFECYCLE_RESET },
  { "force-off", YADO_LIFECYCLE_FORCE_OFF },
  { "save", YADO_LIFECYCLE_SAVE },
};

typedef struct {
  YadoGetDomainsFunc  get_domains;
  YadoReportErrorFunc report_error;
} Hooks;

static GQuark
hooks_quark (void)
{
  return g_quark_from_static_string ("yado-lifecycle-hooks");
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GObject) owner = data;
  Hooks *hooks = g_object_get_qdata (owner, hooks_quark ());
  g_autoptr(GError) error = NULL;

  if (!yado_domain_lifecycle_finish (YADO_DOMAIN (source), result, &error)
      && !g_error_matches (error, YADO_ERROR, YADO_ERROR_CANCELLED))
    hooks->report_error (owner, error);
}

/* Applies @op to every domain that allows it. */
static void
run_op (GObject *owner, YadoLifecycleOp op)
{
  Hooks *hooks = g_object_get_qdata (owner, hooks_quark ());
  g_autoptr(GPtrArray) domains = hooks->get_domains (owner);

  for (guint i = 0; i < domains->len; i++)
    {
      YadoDomain *domain = g_ptr_array_index (domains, i);

      if (yado_domain_can (domain, op))
        yado_domain_lifecycle_async (domain, op, NULL, on_done, g_object_ref (owner));
    }
}

static void
on_action (GSimpleAction *action, GVariant *parameter, gpointer owner)
{
  const char *name = g_action_get_name (G_ACTION (action));

  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
    if (g_str_equal (lifecycle_actions[i].action, name))
      run_op (owner, lifecycle_actions[i].op);
}

static void
on_autostart (GSimpleAction *action, GVariant *state, gpointer owner)
{
  run_op (owner, g_variant_get_boolean (state) ? YADO_LIFECYCLE_AUTOSTART_ON
                                               : YADO_LIFECYCLE_AUTOSTART_OFF);
}

void
yado_lifecycle_actions_install (GActionMap         *map,
                                GObject            *owner,
                                YadoGetDomainsFunc  get_domains,
                                YadoReportErrorFunc report_error)
{
  static const GActionEntry autostart_entry[] = {
    { .name = "autostart", .state = "false", .change_state = on_autostart },
  };
  Hooks *hooks = g_new0 (Hooks, 1);

  hooks->get_domains = get_domains;
  hooks->report_error = report_error;
  g_object_set_qdata_full (owner, hooks_quark (), hooks, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (lifecycle_actions[i].action, NULL);

      g_signal_connect (action, "activate", G_CALLBACK (on_action), owner);
      g_action_map_add_action (map, G_ACTION (action));
    }
  g_action_map_add_action_entries (map, autostart_entry, 1, owner);
}

gboolean
yado_lifecycle_any_can (GPtrArray *domains, YadoLifecycleOp op)
{
  for (guint i = 0; i < domains->len; i++)
    if (yado_domain_can (g_ptr_array_index (domains, i), op))
      return TRUE;
  return FALSE;
}

const char *
yado_lifecycle_run_label (GPtrArray *domains)
{
  gboolean restore = domains->len > 0;

  for (guint i = 0; i < domains->len; i++)
    restore &= yado_domain_get_has_managed_save (g_ptr_array_index (domains, i));
  return restore ? _("Restore") : _("Run");
}

static void
set_enabled (GActionMap *map, const char *name, gboolean enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, name)), enabled);
}

void
yado_lifecycle_actions_update (GActionMap *map, GPtrArray *domains)
{
  GSimpleAction *autostart = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "autostart"));

  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_actions); i++)
    set_enabled (map, lifecycle_actions[i].action,
                 yado_lifecycle_any_can (domains, lifecycle_actions[i].op));

  /* Autostart is a check box: it needs exactly one domain to show. */
  if (domains->len == 1)
    {
      YadoDomain *d = g_ptr_array_index (domains, 0);
      gboolean on = yado_domain_get_autostart (d);

      g_simple_action_set_state (autostart, g_variant_new_boolean (on));
      g_simple_action_set_enabled (autostart,
                                   yado_domain_can (d, on ? YADO_LIFECYCLE_AUTOSTART_OFF
                                                          : YADO_LIFECYCLE_AUTOSTART_ON));
    }
  else
    g_simple_action_set_enabled (autostart, FALSE);
}
