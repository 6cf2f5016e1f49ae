/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What ssh asks through its askpass program, read from the question's
 * text: a host key to trust (with its fingerprint), or a secret (a
 * password, a key's passphrase, a keyboard-interactive prompt). Pure:
 * tests feed it ssh's real prompts.
 */
#include "yado-auth-request.h"

G_BEGIN_DECLS

/* A request for @prompt, asked for @login ("user@host:port") with
 * SSH_ASKPASS_PROMPT set to @askpass_kind (NULL or "" when unset). NULL
 * when there is nothing to ask: "none" is a notice that needs no answer. */
YadoAuthRequest *yado_ssh_prompt_to_request (const char *login,
                                             const char *askpass_kind,
                                             const char *prompt);

/* The answer ssh expects to a host-key question. */
#define YADO_SSH_PROMPT_TRUST   "yes"
#define YADO_SSH_PROMPT_DECLINE "no"

G_END_DECLS
