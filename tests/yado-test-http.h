/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A tiny HTTP/1.0 server on 127.0.0.1 for the files under a directory
 * (install trees for the tests): a thread per connection, GET only.
 * Requests for paths ending in @hold_suffix get no answer until the
 * server stops (a download that never comes).
 */

#include <glib.h>

G_BEGIN_DECLS

typedef struct _YadoTestHttp YadoTestHttp;

YadoTestHttp *yado_test_http_start        (const char   *root,
                                           const char   *hold_suffix);
/* Releases the held requests, waits for every handler, frees. */
void          yado_test_http_stop         (YadoTestHttp *http);
/* "http://127.0.0.1:PORT@path" */
char         *yado_test_http_url          (YadoTestHttp *http,
                                           const char   *path);
/* Requests seen, all of them and those held. */
guint         yado_test_http_get_requests (YadoTestHttp *http);
guint         yado_test_http_get_held     (YadoTestHttp *http);

G_END_DECLS
