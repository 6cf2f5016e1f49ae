/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * cloud-init's NoCloud data source: the user-data and meta-data a cloud
 * image reads at its first boot, and the "cidata" seed ISO that carries
 * them (made with xorriso). Pure but for the ISO.
 */

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *user;       /* the account to create; NULL: the image's default */
  char *password;   /* plain text; hashed (SHA-512 crypt) into the user-data */
  char *ssh_key;    /* one authorized public key line, or NULL */
  char *hostname;   /* NULL: none set */
} YadoCloudInit;

YadoCloudInit *yado_cloud_init_new  (void);
YadoCloudInit *yado_cloud_init_copy (const YadoCloudInit *ci);
void           yado_cloud_init_free (YadoCloudInit *ci);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YadoCloudInit, yado_cloud_init_free)

/* "#cloud-config\n..." (YAML, every value a double-quoted scalar with
 * escapes, so no text of the user's can break or add YAML). */
char    *yado_cloud_init_user_data (const YadoCloudInit *ci);
/* "instance-id: ...\nlocal-hostname: ...\n" */
char    *yado_cloud_init_meta_data (const YadoCloudInit *ci,
                                    const char          *instance_id);
/* A NoCloud "cidata" ISO at @iso_path (user-data, meta-data), with
 * xorriso; its absence is an error naming the package. Blocks: call it
 * on a worker. */
gboolean yado_cloud_init_write_seed (const YadoCloudInit *ci,
                                     const char          *instance_id,
                                     const char          *iso_path,
                                     GError             **error);

/* Pure: @text as a YAML double-quoted scalar ("a\"b\n"). */
char    *yado_cloud_init_yaml_quote (const char *text);

G_END_DECLS
