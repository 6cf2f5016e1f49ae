/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Changes made by someone else reach the model through libvirt's events,
 * not through polling: statistics are off (interval 0) and nothing lists
 * the domains again, yet a domain started, paused, destroyed, defined and
 * undefined through a second libvirt handle shows up in the model.
 *
 * test:///default is one host shared by every handle of the process, so a
 * second virConnectOpen() here acts like another program on that host.
 */
#include <libvirt/libvirt.h>

#include "yado-test-utils.h"

#define WAIT_MS 5000

static const char *new_domain_xml =
  "<domain type='test'><name>newcomer</name><memory>65536</memory><vcpu>1</vcpu>"
  "<os><type>hvm</type></os></domain>";

typedef struct {
  YadoConnection *model;
  virConnectPtr   other;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->model = yado_connection_new ("test:///default");
  yado_connection_set_stats_interval (f->model, 0); /* no polling at all */
  g_assert_true (yado_connection_open_sync (f->model, 10000, NULL));
  f->other = virConnectOpen ("test:///default");
  g_assert_nonnull (f->other);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  yado_connection_close (f->model);
  g_object_unref (f->model);
  virConnectClose (f->other);
}

static void
test_state_changes (Fixture *f, gconstpointer data)
{
  YadoDomain *test = yado_test_domain (f->model, "test");
  virDomainPtr dom = virDomainLookupByName (f->other, "test");

  g_assert_cmpint (yado_domain_get_state (test), ==, YADO_DOMAIN_RUNNING);

  g_assert_cmpint (virDomainSuspend (dom), ==, 0);
  yado_test_wait_until (yado_domain_get_state (test) == YADO_DOMAIN_PAUSED, WAIT_MS);

  g_assert_cmpint (virDomainResume (dom), ==, 0);
  yado_test_wait_until (yado_domain_get_state (test) == YADO_DOMAIN_RUNNING, WAIT_MS);

  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  yado_test_wait_until (yado_domain_get_state (test) == YADO_DOMAIN_SHUTOFF, WAIT_MS);
  g_assert_cmpint (yado_domain_get_id (test), ==, -1);

  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  yado_test_wait_until (yado_domain_get_state (test) == YADO_DOMAIN_RUNNING, WAIT_MS);
  g_assert_cmpint (yado_domain_get_id (test), >, 0);
  virDomainFree (dom);
}

static void
test_define_and_undefine (Fixture *f, gconstpointer data)
{
  GListModel *domains = yado_connection_get_domains (f->model);
  guint before = g_list_model_get_n_items (domains);
  virDomainPtr dom = virDomainDefineXML (f->other, new_domain_xml);
  YadoDomain *newcomer;

  g_assert_nonnull (dom);
  yado_test_wait_until (yado_connection_lookup_domain (f->model, "newcomer") != NULL, WAIT_MS);
  newcomer = yado_test_domain (f->model, "newcomer");
  g_assert_cmpint (yado_domain_get_state (newcomer), ==, YADO_DOMAIN_SHUTOFF);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, before + 1);

  g_assert_cmpint (virDomainUndefine (dom), ==, 0);
  yado_test_wait_until (yado_connection_lookup_domain (f->model, "newcomer") == NULL, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (domains), ==, before);
  virDomainFree (dom);
}

static void
test_transient_domain_comes_and_goes (Fixture *f, gconstpointer data)
{
  virDomainPtr dom = virDomainCreateXML (f->other, new_domain_xml, 0);

  g_assert_nonnull (dom);
  yado_test_wait_until (yado_connection_lookup_domain (f->model, "newcomer") != NULL, WAIT_MS);
  g_assert_false (yado_domain_get_persistent (yado_test_domain (f->model, "newcomer")));
  g_assert_cmpint (yado_domain_get_state (yado_test_domain (f->model, "newcomer")), ==,
                   YADO_DOMAIN_RUNNING);

  /* A transient domain that stops is gone. */
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  yado_test_wait_until (yado_connection_lookup_domain (f->model, "newcomer") == NULL, WAIT_MS);
  virDomainFree (dom);
}

static void
test_title_change (Fixture *f, gconstpointer data)
{
  YadoDomain *test = yado_test_domain (f->model, "test");
  virDomainPtr dom = virDomainLookupByName (f->other, "test");

  g_assert_cmpint (virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_TITLE, "Renamed by hand",
                                         NULL, NULL, VIR_DOMAIN_AFFECT_CURRENT), ==, 0);
  yado_test_wait_until (g_strcmp0 (yado_domain_get_title (test), "Renamed by hand") == 0, WAIT_MS);
  g_assert_cmpstr (yado_domain_get_display_name (test), ==, "Renamed by hand");
  virDomainFree (dom);
}

static void
test_network_and_pool_events (Fixture *f, gconstpointer data)
{
  GListModel *networks = yado_connection_get_networks (f->model);
  guint before;
  virNetworkPtr net;

  yado_test_wait_until (g_list_model_get_n_items (networks) > 0, WAIT_MS);
  before = g_list_model_get_n_items (networks);
  net = virNetworkDefineXML (f->other,
                             "<network><name>yado-events</name><bridge name='yadobr9'/></network>");
  g_assert_nonnull (net);
  yado_test_wait_until (g_list_model_get_n_items (networks) == before + 1, WAIT_MS);
  g_assert_cmpint (virNetworkUndefine (net), ==, 0);
  yado_test_wait_until (g_list_model_get_n_items (networks) == before, WAIT_MS);
  virNetworkFree (net);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/events/state-changes", Fixture, NULL, fixture_set_up, test_state_changes,
              fixture_tear_down);
  g_test_add ("/events/define-and-undefine", Fixture, NULL, fixture_set_up,
              test_define_and_undefine, fixture_tear_down);
  g_test_add ("/events/transient-domain", Fixture, NULL, fixture_set_up,
              test_transient_domain_comes_and_goes, fixture_tear_down);
  g_test_add ("/events/title-change", Fixture, NULL, fixture_set_up, test_title_change,
              fixture_tear_down);
  g_test_add ("/events/network-define-undefine", Fixture, NULL, fixture_set_up,
              test_network_and_pool_events, fixture_tear_down);
  return g_test_run ();
}
